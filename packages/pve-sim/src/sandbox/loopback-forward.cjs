// @ts-check
'use strict';
/**
 * Runs on the host in a container's network namespace (nsenter --net): listens on 127.0.0.1:<port>
 * there and relays each connection to the Unix socket <dir>/<port>.sock, which the simulator
 * relays to the host's 127.0.0.1:<port>. Prints one line when listening; ends with its parent.
 * argv: <dir> <port>...
 */
const net = require('node:net');
const path = require('node:path');

const [dir = '', ...ports] = process.argv.slice(2);
let pending = ports.length;
for (const port of ports) {
  const server = net.createServer((inbound) => {
    const outbound = net.connect(path.join(dir, `${port}.sock`));
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  server.listen(Number(port), '127.0.0.1', () => {
    if (--pending === 0) process.stdout.write('listening\n');
  });
}
// nsenter waits for us; when the simulator dies without killing us, nsenter's parent changes.
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
