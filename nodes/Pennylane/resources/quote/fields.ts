/**
 * Quote header fields. A quote takes the invoice's header and lines (POST /quotes has the same
 * line shapes and most of the same header fields), so they come from ../customerInvoice/fields.ts
 * and ../customerInvoice/lines.ts; only the wording, the template and the documented limits differ.
 */
import { check, notBefore, type FieldRule } from '../../../shared/validation';
import { LANGUAGES, QUOTE_STATUSES } from '../../constants';
import { languageField, simplifyItemsWith, type HeaderDocument } from '../customerInvoice/fields';

/**
 * POST /quotes documents no maximum length for PDF Description or Special Mention (the invoice's
 * page does), and the same three languages whichever access path: Billy's reference lists no
 * quote endpoint at all, so there is no Billy-specific list to follow.
 */
export const QUOTE_HEADER: HeaderDocument = {
	noun: 'quote',
	template: { displayName: 'Quote Template ID', body: 'quote_template_id', description: 'ID of a Pennylane quote template' },
	referenceNote: '',
	languages: [languageField('language', LANGUAGES, undefined, "Language of the quote PDF (Pennylane uses the customer's language when it is not given)")],
	maxLengths: {},
};

export const quoteDeadlineNotBeforeDate = notBefore('deadline', 'Deadline', 'date', 'quote date');

export const quoteLanguageRule: FieldRule = { label: 'Language', body: 'language', checks: [check.oneOf(LANGUAGES)] };

/** Quote status labels: the documented values, with the documented meaning. */
const STATUS_NAMES: Record<(typeof QUOTE_STATUSES)[number], { name: string; description: string }> = {
	pending: { name: 'Pending', description: 'To be accepted or denied' },
	accepted: { name: 'Accepted', description: 'The quote has been accepted' },
	denied: { name: 'Denied', description: 'The quote has been denied' },
	invoiced: { name: 'Invoiced', description: 'The quote has been invoiced' },
	expired: { name: 'Expired', description: 'The quote has expired' },
};

export const quoteStatusOptions = QUOTE_STATUSES.map((value) => ({ value, ...STATUS_NAMES[value] })).sort((a, b) => a.name.localeCompare(b.name));

export const QUOTE_SIMPLE_FIELDS = [
	'id', 'quote_number', 'label', 'status', 'date', 'deadline', 'currency', 'amount', 'currency_amount',
	'currency_amount_before_tax', 'currency_tax', 'external_reference', 'public_file_url', 'lines',
];

export const simplifyQuotes = simplifyItemsWith(QUOTE_SIMPLE_FIELDS);

