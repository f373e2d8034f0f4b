import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The pages the fault suite's claims cite (the cited-urls source, with private addresses
 * allowed), each answered after `holdMs`: a corroboration job spends that long mid-work,
 * so a process killed while pages are in flight was killed mid-job. `inFlight` counts the
 * requests being held.
 */
export class SlowPages {
  inFlight = 0;
  served = 0;
  private readonly server: Server;

  constructor(private readonly holdMs: number) {
    this.server = createServer((request, response) => this.answer(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** The page claim `i` cites. */
  url(i: number): string {
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}/story/${i}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    this.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
    };
    // A client that dies (kill -9) closes the connection: the page is no longer in flight.
    response.once('close', finish);
    setTimeout(() => {
      finish();
      this.served++;
      const story = /\/story\/(\d+)$/.exec(request.url ?? '')?.[1] ?? '?';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<html><head><title>Story ${story}</title></head><body><article><h1>Story ${story}</h1>` +
          `<p>An official said fault claim ${story} is true, according to documents seen by this newspaper.</p>` +
          `</article></body></html>`,
      );
    }, this.holdMs).unref();
  }
}
