/** Credential pieces shared by the package's credential types. */
import type { IAuthenticateGeneric } from 'n8n-workflow';

/** `Authorization: Bearer <the credential's field>` on every request. */
export function bearerAuthentication(field: string): IAuthenticateGeneric {
	return { type: 'generic', properties: { headers: { Authorization: `=Bearer {{$credentials.${field}}}` } } };
}
