// Where a long run is: a bar redrawn in place on a terminal, or one line per
// finished trial when stderr is not a TTY (CI logs, pipes), where carriage
// returns would pile up as garbage.

const formatDuration = (s) => (s >= 90 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

export class Progress {
  /**
   * @param {number} total number of trials
   * @param {NodeJS.WriteStream} stream where to draw (stderr, so stdout stays the table)
   */
  constructor(total, stream = process.stderr) {
    this.total = total;
    this.done = 0;
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.started = Date.now();
    this.current = '';
  }

  /** Show what runs now (TTY only). */
  start(label) {
    this.current = label;
    if (this.tty) this.draw();
  }

  /** One trial finished; `summary` is its one-line outcome. */
  finish(label, summary) {
    this.done += 1;
    if (this.tty) this.draw();
    else this.stream.write(`[${this.done}/${this.total}] ${label}: ${summary} (${formatDuration((Date.now() - this.started) / 1000)} elapsed)\n`);
  }

  /** A line that must stay visible (a failure, a skipped peer). */
  note(line) {
    if (this.tty) this.stream.write('\r\x1b[2K');
    this.stream.write(`${line}\n`);
    if (this.tty) this.draw();
  }

  draw() {
    const width = 28;
    const fraction = this.total ? this.done / this.total : 1;
    const filled = Math.round(fraction * width);
    const elapsed = (Date.now() - this.started) / 1000;
    // Trials differ a lot in length, so the estimate is rough; it says so.
    const eta = this.done > 0 && this.done < this.total ? ` ~${formatDuration((elapsed / this.done) * (this.total - this.done))} left` : '';
    const columns = this.stream.columns || 100;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} ${formatDuration(elapsed)}${eta}  ${this.current}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
  }

  /** Clear the bar before the table is printed. */
  end() {
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}
