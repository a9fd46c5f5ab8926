// Follows private channels with the official Pusher client, bound to the events the AIPIX SDKs bind, and reports
// each step as a JSON line on stdout.
// Usage: node listen.mjs '<json options>'
//   options: { host, port, path, key, authEndpoint, token, channels: [..], pushes }
// Lines: {"step":"connected","socket_id":...} {"step":"subscribed","channel":...}
//        {"step":"push","channel":...,"event":...,"received_at_us":...,"data":...}
//        {"step":"error","detail":...}; exits 0 after `pushes` pushes, 1 on any error.
import Pusher from 'pusher-js';

// The events the vendor's SDKs bind on both channels (aipix-dev/vms-mobile-sdk-android socket/SocketConstants.kt).
const EVENTS = [
  'App\\Events\\UserPush',
  'App\\Events\\TokenPush',
  'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
];

const options = JSON.parse(process.argv[2] ?? '{}');
const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
// Writes to a pipe are asynchronous: leave only once everything said has been flushed.
const leave = (code) => process.stdout.write('', () => process.exit(code));
const fail = (detail) => {
  say({ step: 'error', detail: String(detail) });
  leave(1);
};
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const pusher = new Pusher(options.key, {
  cluster: 'local',
  wsHost: options.host,
  wsPort: options.port,
  wsPath: options.path ?? '',
  forceTLS: false,
  enabledTransports: ['ws'],
  disableStats: true,
  channelAuthorization: {
    endpoint: options.authEndpoint,
    transport: 'ajax',
    headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
  },
});

pusher.connection.bind('connected', () => say({ step: 'connected', socket_id: pusher.connection.socket_id }));
pusher.connection.bind('failed', () => fail('the connection failed'));
pusher.connection.bind('unavailable', () => fail('the server is unavailable'));
pusher.connection.bind('error', (error) => fail(`connection error: ${JSON.stringify(error)}`));

let left = options.pushes ?? 1;
for (const name of options.channels ?? []) {
  const channel = pusher.subscribe(name);
  channel.bind('pusher:subscription_succeeded', () => say({ step: 'subscribed', channel: name }));
  channel.bind('pusher:subscription_error', (error) => fail(`subscription refused: ${JSON.stringify(error)}`));
  for (const event of EVENTS) {
    channel.bind(event, (data) => {
      say({ step: 'push', channel: name, event, received_at_us: nowMicros(), data });
      left -= 1;
      if (left <= 0) {
        pusher.disconnect();
        leave(0);
      }
    });
  }
}
