// Toy programs: a file whose only data is a handful of rows written in the code (`torch.tensor([[-1.2, 3.1],
// [-0.9, 2.9], ...])`) and that reads no data set, file or pretrained weights. A teaching script that trains a tiny
// network on five points for a few epochs runs for seconds: compile, half-precision or no-grad advice saves nothing
// there (compile warm-up alone outlasts the run). Shared by the cost rules (compile/no-compile,
// grad/no-grad-inference, precision/*): one definition of "toy", so the rules agree.
import { callArgs, walk, type PyNode } from './ast';
import { memo, type PyAnalysis } from './analysis';
import { calleeLast } from './imports';

/** Calls that build a tensor from the literal they are given. */
const LITERAL_TENSOR = /^(torch\.(tensor|Tensor|FloatTensor|LongTensor|as_tensor)|numpy\.(array|asarray))$/;

/**
 * Calls that bring real data or weights into the program (by their last name, so a repository's own wrapper
 * named like one counts too): a data set, a file, the network, a checkpoint, a pretrained model.
 */
const SOURCES = new Set([
  'load_dataset', 'load_from_disk', 'from_pretrained', 'open', 'read_csv', 'read_json', 'read_parquet', 'read_table', 'read_text', 'read_bytes',
  'loadtxt', 'genfromtxt', 'fromfile', 'memmap', 'load_state_dict', 'load_checkpoint', 'urlopen', 'urlretrieve', 'download', 'listdir',
  'glob', 'iglob', 'rglob', 'scandir', 'ImageFolder', 'DatasetFolder', 'imread', 'fetch_openml', 'make_classification', 'make_regression',
  'make_blobs', 'make_moons', 'randn', 'rand', 'randint', 'create_model', 'hf_hub_download', 'snapshot_download',
]);
/** The same by qualified name, where the last name alone is too common (`d.get`, `x.load`). */
const SOURCE_QNAMES = /^(torch\.load|numpy\.load|pickle\.load|joblib\.load|requests\.get|httpx\.get|torch\.hub\.\w+|torchvision\.(datasets|models)\.\w+|timm\.\w+|datasets\.\w+|torch\.(normal|randperm))$/;

/** Rows of a literal: the elements of the outer list (a flat list counts as its elements). */
function rowsOf(n: PyNode): number {
  return n.children.length;
}

/**
 * Whether the program is a toy: at least one tensor built from a list written in the code, every such literal of
 * at most `maxRows` rows, and no call that reads data or weights from anywhere else (a data set, a file, the
 * network, a checkpoint, random data of some size, a torchvision / timm model). Memoised per file.
 */
export function toyProgram(a: PyAnalysis, maxRows = 64): boolean {
  return memo(a, `toyProgram:${maxRows}`, () => {
    let literals = 0;
    let tooBig = false;
    let source = false;
    walk(a.root, (n) => {
      if (source || tooBig) return false;
      if (n.type !== 'call') return true;
      const q = a.qname.get(n) ?? '';
      const last = calleeLast(a.text, n) ?? '';
      if (SOURCES.has(last) || SOURCE_QNAMES.test(q)) {
        source = true;
        return false;
      }
      if (LITERAL_TENSOR.test(q)) {
        const first = callArgs(a.text, n).positional[0];
        if (first?.type === 'list' || first?.type === 'tuple') {
          literals++;
          if (rowsOf(first) > maxRows) tooBig = true;
        }
      }
      return true;
    });
    return literals > 0 && !tooBig && !source;
  });
}
