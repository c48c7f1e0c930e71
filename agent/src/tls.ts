import { checkServerIdentity, connect, type PeerCertificate } from "node:tls";
import type { TlsReport } from "../../src/checks/agent-report.ts";

/** One `AGENT_TLS_HOSTS` entry. */
export interface TlsTarget {
  host: string;
  port: number;
}

/** Trust and I/O of the TLS collector; tests pass their own CA. */
export interface TlsOptions {
  timeoutMs: number;
  /** Roots to verify against instead of the system's (tests only). */
  ca?: string;
}

function issuerOf(cert: PeerCertificate): string | undefined {
  const issuer = cert.issuer as Partial<Record<string, string | string[]>> | undefined;
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return pick(issuer?.O) ?? pick(issuer?.CN);
}

/** Connects to one endpoint with SNI, reads the leaf certificate, and judges chain and name. */
export function inspectTls(target: TlsTarget, options: TlsOptions): Promise<TlsReport> {
  const label = `${target.host}:${target.port}`;
  return new Promise((resolve) => {
    // Verification is judged here rather than by refusing the handshake, so an invalid
    // certificate is still read and reported (issuer, expiry) instead of only "failed".
    const socket = connect({
      host: target.host,
      port: target.port,
      servername: target.host,
      rejectUnauthorized: false,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const done = (report: TlsReport) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(report);
    };
    const timer = setTimeout(
      () => done({ target: label, connected: false, reason: `timeout after ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    socket.once("error", (error) =>
      done({ target: label, connected: false, reason: error.message.slice(0, 500) }),
    );
    socket.once("secureConnect", () => {
      const cert = socket.getPeerCertificate();
      const mismatch = cert.subject ? checkServerIdentity(target.host, cert) : new Error("no certificate");
      // Node folds a name mismatch into `authorized`; the chain is judged apart from the name.
      const error = socket.authorized ? undefined : String(socket.authorizationError ?? "not verified");
      const chainError = error === "ERR_TLS_CERT_ALTNAME_INVALID" ? undefined : error;
      const reasons = [chainError, mismatch?.message].filter((r): r is string => r !== undefined);
      const notAfter = cert.valid_to ? new Date(cert.valid_to) : undefined;
      const issuer = issuerOf(cert);
      done({
        target: label,
        connected: true,
        ...(issuer ? { issuer: issuer.slice(0, 300) } : {}),
        ...(notAfter && !Number.isNaN(notAfter.getTime()) ? { notAfter: notAfter.toISOString() } : {}),
        chainVerified: chainError === undefined,
        nameMatches: mismatch === undefined,
        ...(reasons.length > 0 ? { reason: reasons.join("; ").slice(0, 500) } : {}),
      });
    });
  });
}

/** Every configured endpoint, at once; a failed one is reported, never thrown. */
export function collectTls(targets: readonly TlsTarget[], options: TlsOptions): Promise<TlsReport[]> {
  return Promise.all(targets.map((t) => inspectTls(t, options)));
}
