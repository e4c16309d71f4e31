import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { pacer } from '../../transport';
import { getAll } from './getAll';

export const productDescription: INodeProperties[] = resourceOperations('product', [getAll], 'getAll', pacer);
