import type { QueueStatus } from "@mockloop/protocol";

interface Line {
  running: Promise<QueueStatus[]> | undefined;
  next: Promise<QueueStatus[]> | undefined;
}

/**
 * Reads of a stage's line that share one store read. Reading the whole line for every newcomer grows with the
 * square of the line when many join at once; here a read asked for while one is under way waits for the next
 * one, which starts when that one ends, so it still sees every change made before it was asked for. However
 * many ask meanwhile, at most one read runs and one waits.
 */
export class SharedLineReads {
  private readonly lines = new Map<string, Line>();

  constructor(private readonly readLine: (trackId: string, stageId: string) => Promise<QueueStatus[]>) {}

  read(trackId: string, stageId: string): Promise<QueueStatus[]> {
    const key = `${trackId}/${stageId}`;
    let line = this.lines.get(key);
    if (!line) {
      line = { running: undefined, next: undefined };
      this.lines.set(key, line);
    }
    const { running } = line;
    if (!running) return this.start(line, trackId, stageId);
    if (!line.next) {
      const current = line;
      const startNext = () => {
        current.next = undefined;
        return this.start(current, trackId, stageId);
      };
      line.next = running.then(startNext, startNext);
    }
    return line.next;
  }

  private start(line: Line, trackId: string, stageId: string): Promise<QueueStatus[]> {
    const read = this.readLine(trackId, stageId);
    line.running = read;
    const settled = () => {
      if (line.running === read) line.running = undefined;
    };
    read.then(settled, settled);
    return read;
  }
}
