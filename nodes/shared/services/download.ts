import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RecordCounter } from '../helpers/csv/count';
import { readRowPage } from '../helpers/csv/pages';
import { leadingBomRemover } from '../helpers/csv/tokenizer';
import {
	DEFAULT_MAX_ROWS,
	DELIMITERS,
	MIME_TYPES,
	formatOf,
	type DownloadOutput,
	type ReportFormat,
} from '../helpers/formats';
import { allowedRedirect, parseHttpUrl } from '../helpers/urls';
import { getConnection, pause, whenTransient } from '../transport';
import * as retry from '../transport/retry';
import { findCompletedExecution, redactLink } from './executions';
import { getReport } from './reports';

export type { DownloadOutput };

/** The action node and both triggers download files. */
export type DownloadContext = IExecuteFunctions | IPollFunctions | IWebhookFunctions;

export interface DownloadRequest {
	reportId: string;
	/** A completed execution as the executions API returned it (camelCase). */
	execution: IDataObject;
	output: DownloadOutput;
	binaryPropertyName: string;
	/** File output: drop the UTF-8 BOM Partner Center puts first (kept by default: Excel needs it). */
	removeBom?: boolean;
	/** Rows output: the most rows a file may have; a larger one fails before its rows fill memory. */
	maxRows?: number;
	itemIndex: number;
	/** Known already (report.run names its own report); read from the API otherwise. */
	reportName?: string;
	/**
	 * Time (epoch ms) until which transient failures keep being retried beyond MAX_DOWNLOAD_ATTEMPTS
	 * (report.run passes its timeout); without it the attempts alone bound the download.
	 */
	retryUntil?: number;
}

const MAX_DOWNLOAD_ATTEMPTS = 5;

/** A readable stream as n8n's HTTP helper returns it with `encoding: 'stream'`. */
interface ByteStream extends AsyncIterable<Buffer> {
	map(fn: (chunk: Buffer) => Buffer): ByteStream;
	destroy(error?: Error): void;
}

function checkLink(
	context: DownloadContext,
	link: string,
	apiBaseUrl: string,
	itemIndex: number,
): string {
	const url = parseHttpUrl(link);
	// Secure links are https; a plain-http link is followed only on the configured API host (an emulator).
	if (!url || !(url.protocol === 'https:' || url.origin === new URL(apiBaseUrl).origin)) {
		throw new NodeOperationError(
			context.getNode(),
			`Partner Center returned a download link that is not https (${redactLink(link)}); it was not followed`,
			{ itemIndex },
		);
	}
	return link;
}

function fileNameFor(reportName: string, executionId: string, format: ReportFormat): string {
	const base = reportName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'report';
	return `${base}-${executionId}.${format}`;
}

async function readSmallBody(stream: ByteStream): Promise<string> {
	let text = '';
	for await (const chunk of stream) {
		text += chunk.toString('utf8');
		if (text.length > 4096) {
			stream.destroy();
			break;
		}
	}
	return text;
}

class LinkRejectedError extends Error {
	constructor(
		readonly status: number,
		readonly reason: string,
		readonly retryAfterMs: number | undefined,
	) {
		super(
			status < 400
				? `The download link ${reason || 'answered a redirect'} (${status}), which is not followed: the file may come only from https Azure Storage hosts`
				: `The download link was rejected with ${status}${reason ? ` (${reason})` : ''}`,
		);
	}
}

/** Redirects a secure link may take (a CDN or another blob host) before the file. */
const MAX_REDIRECTS = 3;

async function openLink(
	context: DownloadContext,
	link: string,
	apiBaseUrl: string,
): Promise<ByteStream> {
	let url = link;
	for (let redirects = 0; ; redirects++) {
		// Plain httpRequest on purpose: a SAS link is pre-authorised and rejects an Authorization header.
		const response = (await context.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// Redirects are followed here, each checked, never by the helper (which could leave the checks).
			disableFollowRedirect: true,
			// Blob storage does not compress on the fly; a file stored gzip-encoded is still decoded by the helper.
			headers: { 'Accept-Encoding': 'identity' },
		})) as { statusCode: number; headers?: IDataObject; body: ByteStream };
		const location = response.headers?.location;
		if (response.statusCode >= 300 && response.statusCode < 400 && location) {
			response.body.destroy();
			const next = allowedRedirect(location, url, apiBaseUrl);
			if (!next || redirects >= MAX_REDIRECTS) {
				const where = next ? 'too many times' : `to ${safeHost(location, url)}`;
				throw new LinkRejectedError(response.statusCode, `redirected ${where}`, undefined);
			}
			url = next.toString();
			continue;
		}
		if (response.statusCode >= 300) {
			const text = await readSmallBody(response.body).catch(() => '');
			const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
			throw new LinkRejectedError(
				response.statusCode,
				code,
				retry.parseRetryAfter(response.headers?.['retry-after']),
			);
		}
		return response.body;
	}
}

/** The scheme and host a redirect names, never its path or signature. */
function safeHost(location: unknown, from: string): string {
	try {
		const url = new URL(String(location), from);
		return `${url.protocol}//${url.host}`;
	} catch {
		return 'an unreadable address';
	}
}

async function storeFile(
	context: DownloadContext,
	body: ByteStream,
	fileName: string,
	format: ReportFormat,
	removeBom: boolean,
): Promise<{ binary: IBinaryData; rowCount: number }> {
	const counter = new RecordCounter(DELIMITERS[format]);
	const removeLeadingBom = removeBom ? leadingBomRemover() : undefined;
	const bytes = body.map((chunk) => {
		const kept = removeLeadingBom ? removeLeadingBom(chunk) : chunk;
		counter.push(kept);
		return kept;
	});
	const binary = await context.helpers.prepareBinaryData(
		bytes as never,
		fileName,
		MIME_TYPES[format],
	);
	return { binary, rowCount: Math.max(0, counter.total() - 1) };
}

/** One item per data row; a file with more than `maxRows` rows fails as soon as one more is read. */
async function parseRows(
	context: DownloadContext,
	body: ByteStream,
	format: ReportFormat,
	maxRows: number,
	itemIndex: number,
): Promise<Array<Record<string, string>>> {
	const page = await readRowPage(body, DELIMITERS[format], { maxRows });
	if (page.hasMore) {
		body.destroy();
		throw new NodeOperationError(
			context.getNode(),
			`The file has more than ${maxRows.toLocaleString('en-US')} rows, the most Output: Rows gives ("Max Rows"): read it with Output: File and "Read Rows From File" in a loop, one page at a time`,
			{
				itemIndex,
				description:
					'Rows output holds every row of the file in memory at once, and a file this large could take n8n down. Output: File streams the file into n8n\'s binary data; "Read Rows From File" (Resource: File) then reads it a page of rows per run (the example usage-to-postgres-in-pages.json loads a usage report into PostgreSQL this way). Or raise "Max Rows" if this n8n has the memory for it.',
			},
		);
	}
	return page.rows;
}

/** A failure of one download attempt: the link's refusal, or the transfer's own error. */
function downloadFailure(error: unknown): retry.FailureInfo {
	if (!(error instanceof LinkRejectedError)) return retry.describeFailure(error);
	return {
		...retry.describeFailure(error),
		status: error.status,
		retryAfterMs: error.retryAfterMs,
	};
}

/** A refusal that a fresh link may cure: an expired or revoked signature (4xx other than 429). */
const refusedLink = (error: unknown): error is LinkRejectedError =>
	error instanceof LinkRejectedError &&
	error.status >= 400 &&
	error.status < 500 &&
	error.status !== 429;

/**
 * Downloads a completed execution's file straight from its secure link into n8n's binary data (or
 * into one item per row). A refused link (expired) is renewed through the executions API, again each
 * time a renewed link that worked is refused later; a link refused on its first use is refused for
 * good. A failed or cut-off transfer is started again, so a partial file is never emitted.
 */
export async function downloadReportFile(
	context: DownloadContext,
	request: DownloadRequest,
): Promise<INodeExecutionData[]> {
	const { reportId, itemIndex } = request;
	const { apiBaseUrl } = await getConnection(context, itemIndex);
	const signal =
		'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
	let execution = request.execution;
	const executionId = String(execution.executionId);
	const format = formatOf(execution.format);
	// Only a file has a name (its report's): Output: Rows asks Partner Center for nothing but the file.
	const fileName =
		request.output === 'rows'
			? undefined
			: fileNameFor(
					request.reportName ??
						String((await getReport(context, reportId, itemIndex)).reportName ?? ''),
					executionId,
					format,
				);
	let linkIsFresh = false;

	const attempt = async (): Promise<INodeExecutionData[]> => {
		const link = checkLink(
			context,
			String(execution.reportAccessSecureLink),
			apiBaseUrl,
			itemIndex,
		);
		const body = await openLink(context, link, apiBaseUrl);
		if (fileName === undefined) {
			const maxRows = request.maxRows ?? DEFAULT_MAX_ROWS;
			const rows = await parseRows(context, body, format, maxRows, itemIndex);
			return rows.map((row) => ({ json: row }));
		}
		const { binary, rowCount } = await storeFile(
			context,
			body,
			fileName,
			format,
			request.removeBom === true,
		);
		const json = {
			reportId,
			executionId,
			format,
			reportGeneratedTime: execution.reportGeneratedTime ?? null,
			fileName,
			rowCount,
			// Rows output keeps the file's own columns only.
			...(execution.dataRedacted === true ? { dataRedacted: true } : {}),
		};
		return [{ json, binary: { [request.binaryPropertyName]: binary } }];
	};

	const decide = async (error: unknown, count: number): Promise<retry.RetryDecision> => {
		const failure = downloadFailure(error);
		const renew = refusedLink(error) && !linkIsFresh;
		const transient = !(error instanceof LinkRejectedError) || retry.isRetryable(failure, 'GET');
		linkIsFresh = false;
		const outOfAttempts =
			count >= MAX_DOWNLOAD_ATTEMPTS &&
			(request.retryUntil === undefined || Date.now() >= request.retryUntil);
		// A link that fails the checks (not https) is not worth another try.
		if (error instanceof NodeOperationError) return 'giveUp';
		if (outOfAttempts || signal?.aborted || (!renew && !transient)) return 'giveUp';
		if (renew) {
			context.logger.info(
				`Partner Center download link for execution ${executionId} was refused (${failure.status}); asking for a fresh one`,
			);
			const renewal = findCompletedExecution(context, reportId, executionId, itemIndex);
			// Within report.run's time budget, Partner Center failing to answer is waited out below.
			const renewed =
				request.retryUntil === undefined
					? await renewal
					: await whenTransient(renewal, () => undefined);
			if (renewed) {
				execution = renewed;
				linkIsFresh = true;
				return { delayMs: 0 };
			}
		}
		const delayMs = retry.retryDelayMs(count - 1, failure);
		context.logger.warn(
			`Download of execution ${executionId} failed (${failure.status ?? failure.networkCode ?? (error as Error).message}); attempt ${count + 1}${request.retryUntil === undefined ? ` of ${MAX_DOWNLOAD_ATTEMPTS}` : ''} in ${delayMs} ms`,
		);
		return { delayMs };
	};

	const outcome = await retry.withRetries(attempt, decide, async (ms) => {
		if (ms > 0) await pause(ms, signal);
	});
	if (outcome.ok) return outcome.value;
	const { error } = outcome;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
	const rejected = error instanceof LinkRejectedError ? error : undefined;
	const tries = `${outcome.attempts} attempt${outcome.attempts > 1 ? 's' : ''}`;
	throw new NodeApiError(
		context.getNode(),
		{ message: (error as Error).message },
		{
			message: `Could not download the file of report ${reportId}, execution ${executionId} (${tries}): ${(error as Error).message}`,
			description: 'The secure link may have expired; run the download again to get a fresh link.',
			httpCode: rejected ? String(rejected.status) : undefined,
			itemIndex,
		},
	);
}
