/** Reads a Server-Sent Events response as a queue of parsed JSON `data:` payloads. */
export interface SseReader {
  next(timeoutMs?: number): Promise<unknown>;
}

export function readSse(res: Response): SseReader {
  if (!res.body) throw new Error('response has no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const queue: unknown[] = [];
  let buffer = '';
  const fill = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += decoder.decode(value, { stream: true });
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (data) queue.push(JSON.parse(data));
    }
  };
  return {
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (Date.now() > deadline) throw new Error('timed out waiting for an SSE event');
        await Promise.race([fill(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
      }
      return queue.shift();
    },
  };
}
