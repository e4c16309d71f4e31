import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { pennylaneProvider } from '../../transport';
import { create } from './create';
import { createInvoice } from './createInvoice';
import { get } from './get';
import { getAll } from './getAll';
import { sendByEmail } from './sendByEmail';
import { updateStatus } from './updateStatus';

export const quoteDescription: INodeProperties[] = resourceOperations(
	'quote',
	[create, get, getAll, updateStatus, sendByEmail, createInvoice],
	'create',
	pennylaneProvider,
);
