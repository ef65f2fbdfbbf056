// terraform-provider-smtp's entry point: checks it was started by Terraform, then serves protocol 6 over go-plugin.
import { NOT_STARTED_BY_TERRAFORM, negotiateProtocolVersion, startedByTerraform } from './plugin/handshake.ts';
import { createLogger, logLevelFromEnv } from './plugin/logger.ts';
import { servePlugin, type PluginServer } from './plugin/plugin-server.ts';

const env = process.env;
if (!startedByTerraform(env)) {
  process.stderr.write(NOT_STARTED_BY_TERRAFORM);
  process.exit(1);
}
const version = negotiateProtocolVersion(env, 6);
if (version === undefined) {
  process.stderr.write(`This provider speaks plugin protocol 6; the host offers ${env.PLUGIN_PROTOCOL_VERSIONS}. Use Terraform 1.0 or later.\n`);
  process.exit(1);
}

// Terraform forwards Ctrl-C as StopProvider and then waits for us; the signal itself must not kill the process.
process.on('SIGINT', () => undefined);

// SIGTERM (someone other than Terraform stopping us): remove the socket directory, then exit. Registered
// before serving: without a listener the kernel would end the process before any cleanup could run.
let plugin: PluginServer | undefined;
process.on('SIGTERM', () => {
  plugin?.stop();
  process.exit(0);
});

const logger = createLogger(logLevelFromEnv(env));

// A provider must not outlive its host. Besides the closed connection (onHostGone below), a new parent means Terraform
// died (we were re-parented to init or a subreaper), even before it ever connected.
const host = process.ppid;
setInterval(() => {
  if (process.ppid === host) return;
  logger.log('warn', `the host (PID ${host}) is gone: exiting`);
  plugin?.stop();
  process.exit(0);
}, 500).unref();

servePlugin({
  env,
  appProtocolVersion: version,
  // Loaded only once the handshake line is out (the bundle evaluates these modules on first import).
  services: async () => {
    const [{ createProviderServer }, { tf6Service }, { smtpProvider }] = await Promise.all([
      import('./framework/framework-server.ts'), import('./protocol/tf6-service.ts'), import('./smtp-provider.ts'),
    ]);
    return [tf6Service(createProviderServer(smtpProvider(env), logger), logger)];
  },
  logger,
  announce: (line) => process.stdout.write(line),
  exit: () => process.exit(0),
  onHostGone: () => process.exit(0),
}).then((running) => {
  plugin = running;
}, (error: unknown) => {
  logger.log('error', `cannot serve the plugin: ${String(error)}`);
  process.exit(1);
});
