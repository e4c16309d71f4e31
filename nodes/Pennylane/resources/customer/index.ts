import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { pennylaneProvider } from '../../transport';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const customerDescription: INodeProperties[] = resourceOperations('customer', [create, get, getAll, update], 'get', pennylaneProvider);
