/** What every Levers operation shares: its error format and the postReceive step that applies it. */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { providerErrors, type ProviderErrorFormat } from '../shared/errors';
import { API_PATH } from './assumptions';

/** Levers runs on FastAPI: `{"detail": "text"}` or, for 422, `{"detail": [{loc, msg, type}]}`. */
export const leversErrorFormat: ProviderErrorFormat = {
	provider: 'Levers',
	parse(body) {
		const detail = (body as IDataObject | null)?.detail;
		if (typeof detail === 'string') return { message: detail };
		if (Array.isArray(detail)) {
			const details = detail.map((entry) => {
				const { loc, msg } = entry as { loc?: unknown[]; msg?: string };
				const field = Array.isArray(loc) ? loc.filter((part) => part !== 'body').join('.') : '';
				return field ? `${field}: ${msg ?? 'invalid'}` : String(msg ?? 'invalid');
			});
			return { message: 'Validation error', details };
		}
		if (typeof body === 'string' && body) return { message: body };
		return {};
	},
};

export const leversErrors = providerErrors(leversErrorFormat);

/** Credential type for each choice of the node's "Authentication" parameter. */
export const CREDENTIAL_BY_AUTHENTICATION: Record<string, string> = {
	clientCredentials: 'leversApi',
	accessToken: 'leversAccessTokenApi',
};

/** The API base URL for the credential's host (trailing slashes removed), as an n8n expression. */
export const BASE_URL_EXPRESSION = `={{ $credentials.host.replace(new RegExp("/+$"), "") }}${API_PATH}`;

/** A Levers GET request from code (list searches), authenticated with the node's chosen credential. */
export async function leversGet(this: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<unknown> {
	const authentication = this.getNodeParameter('authentication', 'clientCredentials') as string;
	const credentialType = CREDENTIAL_BY_AUTHENTICATION[authentication] ?? 'leversApi';
	const credentials = await this.getCredentials<{ host: string }>(credentialType);
	return await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
		method: 'GET',
		url: `${String(credentials.host).replace(/\/+$/, '')}${API_PATH}${path}`,
		qs,
		json: true,
	});
}
