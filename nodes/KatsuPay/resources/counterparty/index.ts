import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { katsuPayProvider } from '../../transport';
import { create } from './create';
import { get } from './get';
import { update } from './update';

export const counterpartyDescription: INodeProperties[] = resourceOperations('counterparty', [create, get, update], 'create', katsuPayProvider);
