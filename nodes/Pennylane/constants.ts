/**
 * Values the node offers in its lists, with their sources. Guesses are not here: see assumptions.ts.
 */

/** The API base URL of the credential (trailing slashes removed), as an n8n expression (the credentials' Test requests). */
export const BASE_URL_EXPRESSION = '={{ $credentials.baseUrl.replace(new RegExp("/+$"), "") }}';

/** The same base URL in code (every request of the node and its list searches: no expression per item). */
export function apiBaseUrl(credentials: { baseUrl?: unknown }): string {
	return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
}

/**
 * Billy's host is not public, so its credential has no default base URL. Billy's test request:
 * Billy documents GET /customer_invoices; whether it also forwards GET /me is not known
 * (UNCONFIRMED), so the Billy credential test lists one invoice instead.
 */
export const BILLY_TEST_REQUEST = { url: '/customer_invoices', qs: { limit: 1 } };

/** Pennylane API v2 base URL (https://pennylane.readme.io/docs/getting-started). */
export const PENNYLANE_BASE_URL = 'https://app.pennylane.com/api/external/v2';

/** Documented limit: 25 requests per 5 seconds per token (https://pennylane.readme.io/docs/rate-limiting-1). */
export const PENNYLANE_RATE_LIMIT = { limit: 25, windowMs: 5000 };

/** Billy's fixed `x-source` header value (Billy's create-customer-invoice page). */
export const BILLY_SOURCE = 'billy';

/**
 * Billy's `x-source-software` values, exactly as its create-customer-invoice page lists them
 * (https://docs.heybilly.io/billy-api-reference/customerinvoice/create-a-customer-invoice), in its order.
 */
export const BILLY_SOURCE_SOFTWARES = [
	'EASYBEER', 'AMAZON', 'AMAZONSELLER', 'AXONAUT', 'HARVEST', 'HUBSPOT', 'PENNYLANE', 'ZOHO', 'CHARGEBEE', 'SELLSY', 'VOSFACTURES', 'FACTOMOS',
	'BOONDMANAGER', 'TEAMLEADER', 'CHORUSPRO', 'DOLIBARR', 'PROGBAT', 'EVOLIZ', 'RECURLY', 'KARLIA', 'PIPEDRIVE', 'SHOPIFY', 'ODOO', 'LAGO',
	'SALESFORCE', 'HYPERLINE', 'RENTMAN', 'SPENDESK', 'WEEBATI', 'PROABONO', 'WOOCOMMERCE', 'PRESTASHOP', 'MAGENTO', 'SQUARESPACE', 'BIGCOMMERCE', 'SYLIUS',
	'ORGANILOG', 'XERO', 'ZETTLE', 'SUMUP', 'METRO', 'VSA',
] as const;

/**
 * The Billy credential's Source Software, trimmed, and what is wrong with it (undefined when it is one
 * of Billy's values). One rule for the credential's own request step and the node's checks.
 */
export function billySourceSoftware(value: unknown): { software: string; problem?: string } {
	const software = typeof value === 'string' ? value.trim() : '';
	if ((BILLY_SOURCE_SOFTWARES as readonly string[]).includes(software)) return { software };
	return {
		software,
		problem:
			software === ''
				? 'choose the tool the invoices come from (sent as the x-source-software header; Billy requires it, there is no default)'
				: `must be one of Billy's values, got "${software}"`,
	};
}

/** Invoice currencies accepted by POST /customer_invoices (same page), alphabetical. */
export const CURRENCIES = [
	'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BCH', 'BDT', 'BGN', 'BHD',
	'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTC', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY',
	'COP', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP',
	'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR', 'ILS', 'INR',
	'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK',
	'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRO', 'MRU', 'MUR', 'MVR',
	'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR',
	'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLL', 'SOS',
	'SRD', 'SSP', 'STD', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH',
	'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XAG', 'XAU', 'XCD', 'XDR', 'XOF', 'XPD', 'XPF',
	'XPT', 'YER', 'ZAR', 'ZMW', 'ZWL',
] as const;

/**
 * Invoice languages, per access path. Pennylane directly: fr_FR, en_GB and de_DE (Pennylane's
 * create and update customer-invoice references, https://pennylane.readme.io/reference/updatecustomerinvoice).
 * Through Billy: fr_FR and en_GB only, as Billy's create-customer-invoice page lists them.
 */
export const LANGUAGES = ['de_DE', 'en_GB', 'fr_FR'] as const;
export const BILLY_LANGUAGES = ['en_GB', 'fr_FR'] as const;

/** Invoice-level and line discounts (Pennylane reference: `{ type, value }`). */
export const DISCOUNT_TYPES = ['absolute', 'relative'] as const;

/** Company-customer payment conditions, as Pennylane's company-customer reference lists them (30_days is its default). */
export const PAYMENT_CONDITIONS = ['upon_receipt', 'custom', '15_days', '30_days', '45_days', '60_days'] as const;

/** Largest page of a Pennylane list (`limit` 1 to 100). */
export const MAX_PAGE_SIZE = 100;

/**
 * Quote statuses: the `status` of a quote and the values PUT /quotes/{id}/update_status takes
 * (Pennylane's OpenAPI file, April 2026; providers.md §3.12.7), in the documented order.
 */
export const QUOTE_STATUSES = ['pending', 'accepted', 'denied', 'invoiced', 'expired'] as const;
