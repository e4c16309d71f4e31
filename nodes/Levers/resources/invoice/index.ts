import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { leversProvider } from '../../transport';
import { addPayment } from './addPayment';
import { create } from './create';
import { createOrUpdate } from './createOrUpdate';
import { get } from './get';
import { update } from './update';
import { updatePayment } from './updatePayment';
import { updateStatus } from './updateStatus';
import { uploadAttachment } from './uploadAttachment';

export const invoiceDescription: INodeProperties[] = resourceOperations(
	'invoice',
	[create, createOrUpdate, get, update, updateStatus, addPayment, updatePayment, uploadAttachment],
	'create',
	leversProvider,
);
