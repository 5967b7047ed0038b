import { describe, expect, it } from 'vitest';
import { eventLine, headerLine, parseHeader } from './asciicast.ts';

describe('asciicast v2', () => {
  it('writes a header and events as one JSON value per line', () => {
    const header = headerLine({ version: 2, width: 80, height: 24, timestamp: 1_700_000_000, title: 'x' });
    expect(header.endsWith('\n')).toBe(true);
    expect(JSON.parse(header)).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(eventLine(1.23456, 'o', 'a\u001b[0m"\n')).toBe('[1.235,"o","a\\u001b[0m\\"\\n"]\n');
  });

  it('reads back a header and rejects anything else', () => {
    expect(parseHeader('{"version":2,"width":80,"height":24,"timestamp":5}')).toMatchObject({ timestamp: 5 });
    expect(parseHeader('{"version":1,"width":80,"height":24,"timestamp":5}')).toBeUndefined();
    expect(parseHeader('not json')).toBeUndefined();
  });
});
