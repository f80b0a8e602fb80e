import { describe, expect, it } from 'vitest';
import { DEFAULT_LISTEN_ADDRESS, formatHostPort, parseListenAddress } from '../../src/server/listen-address.js';
import { negotiateFormat } from '../../src/server/negotiate-format.js';

describe('parseListenAddress', () => {
  it.each([
    [':10135', { host: '', port: 10135 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9999', { host: '::1', port: 9999 }],
    ['exporter.local:8080', { host: 'exporter.local', port: 8080 }],
    [DEFAULT_LISTEN_ADDRESS, { host: '', port: 10135 }],
  ])('parses %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each([
    ['localhost', /is not host:port/],
    ['::1:80', /is not host:port/],
    ['host:', /is not host:port/],
    ['host:70000', /port 70000 is above 65535/],
  ])('rejects %s', (text, expected) => {
    expect(() => parseListenAddress(text)).toThrow(expected);
  });

  it('brackets IPv6 hosts when formatting', () => {
    expect([formatHostPort('::1', 80), formatHostPort('127.0.0.1', 80)]).toEqual(['[::1]:80', '127.0.0.1:80']);
  });
});

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'prometheus'],
    ['', 'prometheus'],
    ['*/*', 'prometheus'],
    ['text/plain;version=0.0.4', 'prometheus'],
    ['application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'openmetrics'],
    ['text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5', 'prometheus'],
    ['application/openmetrics-text;q=0', 'prometheus'],
    ['APPLICATION/OPENMETRICS-TEXT', 'openmetrics'],
  ].map(([accept, expected]) => [accept === undefined ? 'no Accept header' : `Accept ${JSON.stringify(accept)}`, expected, accept] as const))('chooses for %s: %s', (_title, expected, accept) => {
    expect(negotiateFormat(accept)).toBe(expected);
  });
});
