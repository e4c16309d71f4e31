'use strict';
// Parses a multipart/form-data body into its parts: { name, filename, contentType, data (Buffer) }.
function parseMultipart(buffer, contentType) {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) throw new Error('multipart body without a boundary');
	const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
	const parts = [];
	let start = buffer.indexOf(delimiter);
	while (start !== -1) {
		const afterDelimiter = start + delimiter.length;
		if (buffer.slice(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
		const headerEnd = buffer.indexOf('\r\n\r\n', afterDelimiter);
		const next = buffer.indexOf(delimiter, headerEnd);
		if (headerEnd === -1 || next === -1) throw new Error('malformed multipart body');
		const headers = buffer.slice(afterDelimiter + 2, headerEnd).toString('utf8');
		const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
		parts.push({
			name: /name="([^"]*)"/.exec(disposition)?.[1],
			filename: /filename="([^"]*)"/.exec(disposition)?.[1],
			contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
			data: buffer.slice(headerEnd + 4, next - 2),
		});
		start = next;
	}
	return parts;
}

module.exports = { parseMultipart };
