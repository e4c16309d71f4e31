import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { leversProvider } from '../../transport';
import { create } from './create';
import { get } from './get';
import { getAll } from './getAll';
import { update } from './update';

export const contactDescription: INodeProperties[] = resourceOperations('contact', [create, get, getAll, update], 'create', leversProvider);
