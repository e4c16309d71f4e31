/**
 * A multipart/form-data body built in memory, for file uploads from declarative nodes without a
 * runtime dependency: n8n sends a Buffer body as it is when the request names its Content-Type.
 */
import { randomBytes } from 'crypto';

export interface FilePart {
	field: string;
	fileName: string;
	mimeType: string;
	data: Buffer;
}

function quoted(value: string): string {
	return value.replace(/[\r\n"\\]/g, (char) => encodeURIComponent(char));
}

export function multipartBody(parts: FilePart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nInvoicing${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(part.field)}"; filename="${quoted(part.fileName)}"\r\n` +
					`Content-Type: ${part.mimeType}\r\n\r\n`,
			),
			part.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
