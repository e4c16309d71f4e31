import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { katsuPayProvider } from '../../transport';
import { getAll } from './getAll';

export const productDescription: INodeProperties[] = resourceOperations('product', [getAll], 'getAll', katsuPayProvider);
