import { request } from 'undici';
import { Forbidden, LimitExceeded, NotFound, Unavailable } from '@claimtrail/errors';
import { AddressCheck, resolveCheckedAddress } from './address-guard';
import { guardedAgent } from './guarded-agent';

export interface PageFetcherOptions {
  /** Whole fetch, redirects included. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Bodies larger than this are abandoned mid-stream. */
  maxBytes: number;
  maxRedirects: number;
  /** Decides which resolved addresses may be connected to (see `addressCheck`). */
  checkAddress: AddressCheck;
  /** DNS resolution; the real resolver unless a test stands one in. */
  lookup?: Parameters<typeof resolveCheckedAddress>[2];
  userAgent?: string;
}

/** A fetched page: the URL it finally came from and its decoded text. */
export interface FetchedPage {
  url: string;
  contentType: string;
  body: string;
}

const ACCEPTED_TYPES = new Set(['text/html', 'text/plain', 'application/xhtml+xml']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches pages a claim cites, treating every URL as hostile: http(s) only, each hop's
 * host resolved and checked by the address guard, the connection pinned to the checked
 * address (no second DNS answer can swap it: DNS rebinding), redirects followed by hand
 * and bounded, text content types only, bodies capped while streaming, one overall timeout.
 * Failures are ClaimtrailErrors: `Unavailable` is worth retrying, the others are not.
 */
export class PageFetcher {
  constructor(private readonly options: PageFetcherOptions) {}

  async fetch(url: string, signal?: AbortSignal): Promise<FetchedPage> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await this.follow(url, combined);
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) {
        throw new Unavailable(`Fetching ${url} took longer than ${this.options.timeoutMs} ms`, { url });
      }
      throw error;
    }
  }

  private async follow(startUrl: string, signal: AbortSignal): Promise<FetchedPage> {
    let current = parseHttpUrl(startUrl);
    for (let hop = 0; ; hop++) {
      const dispatcher = await guardedAgent(current.hostname, this.options);
      try {
        const response = await request(current, {
          method: 'GET',
          dispatcher,
          signal,
          headers: {
            'user-agent': this.options.userAgent ?? 'Claimtrail corroboration',
            accept: 'text/html, text/plain;q=0.9',
          },
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        });
        const location = header(response.headers, 'location');
        if (REDIRECTS.has(response.statusCode) && location) {
          await response.body.dump();
          if (hop >= this.options.maxRedirects) {
            throw new LimitExceeded('redirects', `${startUrl} redirects more than ${this.options.maxRedirects} times`);
          }
          current = parseHttpUrl(new URL(location, current).toString());
          continue;
        }
        if (response.statusCode >= 400) {
          await response.body.dump();
          throw statusError(response.statusCode, current.toString());
        }
        const contentType = header(response.headers, 'content-type') ?? '';
        const mediaType = contentType.split(';')[0].trim().toLowerCase();
        if (!ACCEPTED_TYPES.has(mediaType)) {
          await response.body.dump();
          throw new Forbidden(`${current} is ${mediaType || 'of no declared type'}, not a text page`, {
            url: current.toString(),
          });
        }
        const declared = Number(header(response.headers, 'content-length'));
        if (declared > this.options.maxBytes) {
          response.body.destroy();
          throw this.tooLarge(current);
        }
        const bytes = await this.readCapped(response.body, current);
        return { url: current.toString(), contentType, body: decode(bytes, contentType) };
      } finally {
        void dispatcher.close();
      }
    }
  }

  private async readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, url: URL): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.options.maxBytes) {
        body.destroy();
        throw this.tooLarge(url);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  private tooLarge(url: URL): LimitExceeded {
    return new LimitExceeded('bytes', `${url} is larger than ${this.options.maxBytes} bytes`);
  }
}

function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Forbidden(`"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Forbidden(`Refusing to fetch ${url.protocol} URLs`, { url: value });
  }
  if (url.username || url.password) throw new Forbidden('Refusing to fetch URLs with credentials');
  return url;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function statusError(status: number, url: string): Error {
  // Rate limiting and server errors may pass; any other client error is the page's final answer.
  if (status === 429 || status >= 500) return new Unavailable(`${url} answered ${status}`, { url, status });
  return new NotFound('page', `${url} (HTTP ${status})`);
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
