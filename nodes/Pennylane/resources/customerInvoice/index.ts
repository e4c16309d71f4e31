import type { INodeProperties } from 'n8n-workflow';
import { resourceOperations } from '../../../shared/operations';
import { pennylaneProvider } from '../../transport';
import { create } from './create';
import { createCreditNote } from './createCreditNote';
import { deleteInvoice } from './delete';
import { downloadPdf } from './downloadPdf';
import { finalize } from './finalize';
import { get } from './get';
import { getAll } from './getAll';
import { markAsPaid } from './markAsPaid';
import { sendByEmail } from './sendByEmail';
import { sendToEInvoicing } from './sendToEInvoicing';
import { update } from './update';

export const customerInvoiceDescription: INodeProperties[] = resourceOperations(
	'customerInvoice',
	[create, update, get, getAll, finalize, markAsPaid, sendByEmail, deleteInvoice, createCreditNote, downloadPdf, sendToEInvoicing],
	'create',
	pennylaneProvider,
);
