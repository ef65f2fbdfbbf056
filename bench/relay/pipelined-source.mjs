// pipelined-source.mjs - sends N messages of SIZE bytes over CONC connections that stay open, each transaction's MAIL,
// RCPT and DATA in one write (nodemailer's SMTPConnection with the server's PIPELINING, as Postfix's SMTP client does):
// the client the peer harness's smtp-source is not (no pipelining, one connection per message).
//
//   node bench/relay/pipelined-source.mjs 127.0.0.1:PORT [N=2000] [SIZE=1024] [CONC=10]
// Prints one line: messages sent, seconds, messages per second. Exits 1 when a message is refused (a 421 reconnects).
import SMTPConnection from 'nodemailer/lib/smtp-connection';

const [target, n = '2000', size = '1024', conc = '10'] = process.argv.slice(2);
if (!target) {
  console.error('usage: pipelined-source.mjs HOST:PORT [N] [SIZE] [CONC]');
  process.exit(64);
}
const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
const total = Number(n);
const line = `${'X'.repeat(76)}\r\n`;
const body = line.repeat(Math.max(1, Math.floor(Number(size) / line.length)));
let next = 0;

/** A new connection, greeted and past EHLO. */
async function open() {
  const smtp = new SMTPConnection({ host, port, name: 'bench.local', ignoreTLS: true, logger: false });
  await new Promise((resolve, reject) => { smtp.once('error', reject); smtp.connect(resolve); });
  return smtp;
}

/** One session: sends messages until all N are taken, then QUIT; a 421 (the server's messages per connection) reconnects. */
async function session() {
  let smtp = await open();
  while (next < total) {
    const i = next++;
    const message = `From: <sender@bench.local>\r\nTo: <${i}rcpt@example.com>\r\nSubject: pipelined ${i}\r\n\r\n${body}`;
    const send = () => new Promise((resolve, reject) => smtp.send({ from: 'sender@bench.local', to: [`${i}rcpt@example.com`] }, message,
      (err, info) => (err ? reject(err) : resolve(info))));
    await send().catch(async (err) => {
      if (err.responseCode !== 421) throw err;
      smtp.close();
      smtp = await open();
      await send();
    });
  }
  smtp.quit();
}

const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: Number(conc) }, () => session()));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`pipelined-source: ${total} messages of ${size} bytes over ${conc} connections in ${seconds.toFixed(2)} s, ${(total / seconds).toFixed(0)} msg/s`);
