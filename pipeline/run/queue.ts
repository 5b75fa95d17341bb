/**
 * A small work queue: a producer pushes items while workers take them; `take` waits for the next item
 * and gives undefined once the queue is closed and empty.
 * @module
 */

/** A queue of work items. */
export interface WorkQueue<T> {
  push(item: T): void;
  /** No more items will come. */
  close(): void;
  /** The next item, or undefined when closed and drained. */
  take(): Promise<T | undefined>;
}

/** Makes an empty queue. */
export function workQueue<T>(): WorkQueue<T> {
  const items: T[] = [];
  let closed = false;
  let waiting: (() => void)[] = [];
  const wake = () => {
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve();
  };
  return {
    push(item) {
      items.push(item);
      wake();
    },
    close() {
      closed = true;
      wake();
    },
    async take() {
      for (;;) {
        if (items.length > 0) return items.shift();
        if (closed) return undefined;
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
  };
}
