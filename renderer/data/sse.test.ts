import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('parses data events separated by blank lines, with comments and retry', () => {
    const p = new SseParser();
    const events = p.push('retry: 2000\n\n: keep-alive\ndata: {"type":"hello"}\n\ndata: a\ndata: b\n\n');
    expect(events).toEqual([
      { event: 'message', data: '{"type":"hello"}', id: undefined },
      { event: 'message', data: 'a\nb', id: undefined },
    ]);
    expect(p.retryMs).toBe(2000);
  });

  it('handles any chunking, including a CRLF split across chunks', () => {
    const text = 'event: change\r\nid: 7\r\ndata: {"x":1}\r\n\r\ndata:no-space\r\n\r\n';
    for (let size = 1; size <= text.length; size++) {
      const p = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...p.push(text.slice(i, i + size)));
      expect(events).toEqual([
        { event: 'change', data: '{"x":1}', id: '7' },
        { event: 'message', data: 'no-space', id: '7' },
      ]);
    }
  });

  it('accepts bare CR line endings and ignores events without data', () => {
    const p = new SseParser();
    expect(p.push('event: x\r\r')).toEqual([]);
    expect(p.push('data: 1\r\rdata: 2\r')).toEqual([{ event: 'message', data: '1', id: undefined }]);
    // A trailing lone CR may be half of CRLF, so the event completes when the next byte arrives.
    expect(p.push('\r')).toEqual([]);
    expect(p.push(': ping\n')).toEqual([{ event: 'message', data: '2', id: undefined }]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const p = new SseParser();
    expect(p.push('data: {"type":"ping"')).toEqual([]);
    expect(p.push(',"serverTime":"t"}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: '{"type":"ping","serverTime":"t"}', id: undefined }]);
  });

  it('ignores a retry that is not a number and fields it does not know', () => {
    const p = new SseParser();
    expect(p.push('retry: soon\nfoo: bar\ndata\n\n')).toEqual([{ event: 'message', data: '', id: undefined }]);
    expect(p.retryMs).toBeUndefined();
  });
});
