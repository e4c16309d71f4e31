/**
 * "If Invoice Already Exists": what Create does when the invoice it is about to create is already
 * there (a re-run after a partial failure, the same deal won twice, a retried webhook).
 *
 * Each provider says how to find "the same invoice" (`find`: its reference and the look-up its API
 * offers) and how to bring it up to date (`update`, after a find, or `upsert`, an API call that
 * creates or updates by itself). The node then:
 * - `create`: does not check (one request less per item);
 * - `error`: stops the item with a NodeOperationError naming the existing invoice, creating nothing;
 * - `returnExisting`: outputs the existing invoice instead of creating one;
 * - `update`: updates the existing invoice with the item's values.
 * Items of one run (and runs in parallel on the same credential) that share a reference are handled
 * one after the other, so two of them cannot both find nothing and both create.
 */
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { PacedRun, Pacer, Send } from './pacing';
import { parameter } from './parameters';

export type OnExisting = 'create' | 'error' | 'returnExisting' | 'update';

const CHOICES: Record<OnExisting, INodePropertyOptions> = {
	create: { name: "Don't Check", value: 'create', description: 'Send the create request without looking first (the provider may still refuse a duplicate)' },
	error: { name: 'Stop With an Error', value: 'error', description: 'Create nothing and fail the item, naming the existing invoice' },
	returnExisting: { name: 'Return the Existing Invoice', value: 'returnExisting', description: 'Create nothing and output the existing invoice' },
	update: { name: 'Update the Existing Invoice', value: 'update', description: "Change the existing invoice to this item's values" },
};

/** The "If Invoice Already Exists" parameter with the choices a provider can honour. */
export function onExistingField(choices: OnExisting[], defaultValue: OnExisting, description: string): INodeProperties {
	return {
		displayName: 'If Invoice Already Exists',
		name: 'onExisting',
		type: 'options',
		options: choices.map((choice) => CHOICES[choice]),
		default: defaultValue,
		description,
	};
}

export interface DuplicateGuard {
	/** What identifies the invoice, as the user knows the field (for messages). */
	referenceLabel: string;
	/** The reference in the request about to be sent, or undefined when there is none (no check then). */
	referenceOf(body: IDataObject): string | undefined;
	/**
	 * Whether a record the look-up found is the invoice asked for: exactly the same reference (and
	 * whatever else identifies it). A look-up answer is never trusted to be filtered: a proxy may drop
	 * the filter, and the first record of an unfiltered list is some other invoice.
	 */
	matches?(record: IDataObject, reference: string, identity: IDataObject): boolean;
	/**
	 * What else identifies the invoice, for `matches` (default: the request body), looked up once
	 * before the search (for example the name of the counterparty whose ID is in the body).
	 */
	identify?(this: IExecutePaginationFunctions, send: Send, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<IDataObject>;
	/**
	 * The existing invoice with that reference, if any (through `send`, with `raw`): the first
	 * record `isSame` accepts. An answer it cannot read is an error, never "not found".
	 */
	find?(
		this: IExecutePaginationFunctions,
		send: Send,
		reference: string,
		requestData: DeclarativeRestApiSettings.ResultOptions,
		isSame: (record: IDataObject) => boolean,
	): Promise<IDataObject | undefined>;
	/** Updates the invoice `find` found with the request's values; answers the output items. */
	update?(this: IExecutePaginationFunctions, send: Send, existing: IDataObject, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]>;
	/** One call that creates or updates by itself (no `find` needed). */
	upsert?(this: IExecutePaginationFunctions, send: Send, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]>;
	/** How the existing invoice is named in an error (its ID, number). */
	describe(existing: IDataObject): string;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task with the same key has finished. */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
	const before = queues.get(key) ?? Promise.resolve();
	const mine = before.catch(() => undefined).then(task);
	queues.set(key, mine);
	try {
		return await mine;
	} finally {
		if (queues.get(key) === mine) queues.delete(key);
	}
}

/** The `run` of a Create operation with the duplicate check (`create`: how to create, by default the request as built). */
export function guardedCreate(pacer: Pacer, guard: DuplicateGuard, create?: PacedRun): PacedRun {
	return async function (send, requestData) {
		const mode = parameter(this, 'onExisting', 'create') as OnExisting;
		const body = (requestData.options.body ?? {}) as IDataObject;
		const reference = guard.referenceOf(body);
		const createNew = async () => (create ? await create.call(this, send, requestData) : await send(requestData.options));
		if (mode === 'create' || reference === undefined) return await createNew();

		const key = `${await pacer.keyOf(this)}\u0000${reference}`;
		return await oneAtATime(key, async () => {
			if (mode === 'update' && guard.upsert) return await guard.upsert!.call(this, send, requestData);
			const identity = guard.identify ? await guard.identify.call(this, send, requestData) : body;
			const isSame = (record: IDataObject) => guard.matches?.(record, reference, identity) === true;
			const found = guard.find ? await guard.find.call(this, send, reference, requestData, isSame) : undefined;
			// Whatever `find` did, only the invoice asked for is returned, updated or named.
			const existing = found && isSame(found) ? found : undefined;
			if (!existing) return await createNew();
			if (mode === 'returnExisting') return [{ json: existing }];
			if (mode === 'update' && guard.update) return await guard.update.call(this, send, existing, requestData);
			throw new NodeOperationError(
				this.getNode(),
				`An invoice with ${guard.referenceLabel} "${reference}" already exists (${guard.describe(existing)}), in item ${this.getItemIndex()}`,
				{
					itemIndex: this.getItemIndex(),
					description:
						'Nothing was created. To go on without an error, set "If Invoice Already Exists" to return or update the existing invoice.',
				},
			);
		});
	};
}
