import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { katsuPayProvider } from '../../transport';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const invoiceDescription: INodeProperties[] = resourceOperations('invoice', [create, get, getAll, update], 'create', katsuPayProvider);
