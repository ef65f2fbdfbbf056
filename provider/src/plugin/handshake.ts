// The go-plugin handshake: the magic-cookie check and the one line a plugin prints on stdout.

/** The cookie Terraform sets for its plugins; without it the binary was started by hand. */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** go-plugin's own protocol version (the first field of the handshake line). */
export const CORE_PROTOCOL_VERSION = 1;

/** Printed to stderr when someone runs the binary directly. */
export const NOT_STARTED_BY_TERRAFORM =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';

/** True when the process was started by a go-plugin host (Terraform) for this plugin kind. */
export function startedByTerraform(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * Picks the app protocol version to speak: `wanted` if the host lists it in PLUGIN_PROTOCOL_VERSIONS
 * (or lists nothing, as old hosts do); otherwise undefined and the plugin must not start.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv, wanted: number): number | undefined {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  return offered.length === 0 || offered.includes(String(wanted)) ? wanted : undefined;
}

/** Where the plugin listens: a unix socket path or a TCP host:port. */
export type ListenAddress = { network: 'unix'; path: string } | { network: 'tcp'; host: string; port: number };

/**
 * The handshake line, newline-terminated:
 * `CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|grpc|SERVER-CERT` where SERVER-CERT is the DER certificate in
 * standard base64 WITHOUT padding (go's RawStdEncoding), as the host decodes it.
 */
export function handshakeLine(appVersion: number, address: ListenAddress, serverCertDer: Buffer): string {
  const where = address.network === 'unix' ? address.path : `${address.host}:${address.port}`;
  const cert = serverCertDer.toString('base64').replace(/=+$/, '');
  return `${CORE_PROTOCOL_VERSION}|${appVersion}|${address.network}|${where}|grpc|${cert}\n`;
}
