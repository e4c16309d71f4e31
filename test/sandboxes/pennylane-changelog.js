'use strict';
// Pennylane's change feed (providers.md §3.12.1): GET /changelogs/customer_invoices, /customers,
// /products and /quotes, served from ctx.state.changes (every insert/update/delete the sandbox's
// routes record with ctx.changed).
// - Query: `cursor` (opaque), `limit` (1–1000, default 20), `start_date` (RFC 3339 date-time).
//   No filter, no sort. `start_date` together with `cursor` is a 400; a `start_date` older than the
//   4 weeks the feed keeps is a 422; without `start_date` the feed starts at the oldest kept change.
// - Answer: { items: [{ id, operation, processed_at, updated_at, created_at }], has_more, next_cursor },
//   items ordered by processed_at ascending, changes older than 4 weeks no longer served; a
//   next_cursor of null at the end.
// - Whether start_date is inclusive is not documented: inclusive here by default (the case that
//   repeats changes, which the trigger must not emit twice); `setFeedStartInclusive(false)` switches.
// - Time: tests do not wait weeks; `recordChange(resource, id, operation, at)` records a change at
//   any moment (kept in processed_at order), `backdateChanges(ms)` moves every change back in time.
const FEEDS = ['customer_invoices', 'customers', 'products', 'quotes'];
const RETENTION_MS = 28 * 24 * 3600 * 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function extend(ctx) {
	const { route, state, bad, unprocessable } = ctx;
	let inclusive = true;

	/** Milliseconds of an RFC 3339 date-time (the sandbox's own are whole milliseconds). */
	const msOf = (text) => Date.parse(text);

	const encode = (position) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
	function decode(cursor, resource) {
		let position;
		try {
			position = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
		} catch {
			throw bad('cursor is invalid');
		}
		if (!position || position.r !== resource || !Number.isInteger(position.o) || position.o < 0 || typeof position.s !== 'number') throw bad('cursor is invalid');
		return position;
	}

	route('GET', '/changelogs/:resource', ({ params, query }) => {
		const resource = params.resource;
		if (!FEEDS.includes(resource)) throw ctx.notFound('Changelog');
		const limit = query.limit === undefined ? 20 : Number(query.limit);
		if (!/^\d+$/.test(String(query.limit ?? '20')) || !Number.isInteger(limit) || limit < 1 || limit > 1000) throw bad('limit must be an integer between 1 and 1000');
		if (query.cursor !== undefined && query.start_date !== undefined) throw bad('start_date and cursor cannot be used together');
		const now = Date.now();
		const oldest = now - RETENTION_MS;
		let position;
		if (query.cursor !== undefined) {
			position = decode(query.cursor, resource);
		} else if (query.start_date !== undefined) {
			const text = String(query.start_date);
			if (!RFC3339.test(text) || !Number.isFinite(msOf(text))) throw bad('start_date must be an RFC 3339 date-time');
			if (msOf(text) < oldest) throw unprocessable('start_date must be within the last 4 weeks');
			position = { r: resource, s: msOf(text), o: 0 };
		} else {
			position = { r: resource, s: oldest, o: 0 };
		}
		const kept = state.changes
			.filter((change) => change.resource === resource && msOf(change.processed_at) >= oldest)
			.filter((change) => (inclusive ? msOf(change.processed_at) >= position.s : msOf(change.processed_at) > position.s));
		const items = kept.slice(position.o, position.o + limit).map(({ id, operation, processed_at, updated_at, created_at }) => ({ id, operation, processed_at, updated_at, created_at }));
		const more = position.o + limit < kept.length;
		return { body: { items, has_more: more, next_cursor: more ? encode({ ...position, o: position.o + limit }) : null } };
	});

	/** Inserts a change keeping state.changes in processed_at order (stable). */
	function insertChange(change) {
		const at = msOf(change.processed_at);
		let index = state.changes.length;
		while (index > 0 && msOf(state.changes[index - 1].processed_at) > at) index--;
		state.changes.splice(index, 0, change);
		return change;
	}

	return {
		/** Records a change at a given moment (ISO text or Date; default now). */
		recordChange(resource, id, operation, at = new Date()) {
			const text = at instanceof Date ? at.toISOString() : String(at);
			return insertChange({ resource, id: Number(id), operation, processed_at: text, updated_at: text, created_at: text });
		},
		/** Moves every recorded change `ms` back in time (as if that much time had passed). */
		backdateChanges(ms) {
			for (const change of state.changes) {
				for (const key of ['processed_at', 'updated_at', 'created_at']) change[key] = new Date(msOf(change[key]) - ms).toISOString();
			}
		},
		setFeedStartInclusive(value) {
			inclusive = Boolean(value);
		},
	};
}

module.exports = { extend };
