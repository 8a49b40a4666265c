// Exits while async jobs are queued and running (`now`: at once; `tick`:
// after the jobs started). The exit must be clean: status 0, no signal.
import { array, dotAsync, sigmoidAsync } from '../../lib/index';

const when = process.argv[2] ?? 'now';
const n = 512;
const a = array(new Float64Array(n * n).fill(1), [n, n]);
for (let i = 0; i < 16; i++) {
  void dotAsync(a, a);
  void sigmoidAsync(new Float64Array(1e6));
}
console.log('queued');
if (when === 'now') process.exit(0);
else setTimeout(() => process.exit(0), 5);
