#!/usr/bin/env python3
"""Function and file sizes of survey_app/ (issue 15's figures), so anyone can re-measure.

A function's size is counted from its `def` line to its last line, docstring included, decorators not; every
function and method counts, nested ones too. Usage: python tools/code_shape.py [--list N] [PACKAGE_DIR]
"""

import argparse
import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def function_sizes(path: Path) -> list[tuple[int, str]]:
    """(lines, qualified place) for every function in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.end_lineno - node.lineno + 1, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def percentile(sorted_values: list[int], fraction: float) -> int:
    """The value below which `fraction` of the values lie (nearest rank)."""
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default=str(ROOT / "survey_app"))
    parser.add_argument("--list", type=int, default=0, help="also list the N longest functions")
    args = parser.parse_args()
    files = sorted(Path(args.package).resolve().rglob("*.py"))
    sizes = sorted((size for path in files for size in function_sizes(path)), key=lambda s: s[0])
    lengths = [size for size, _ in sizes]
    long_files = [(len(p.read_text(encoding="utf-8").splitlines()), p.relative_to(ROOT)) for p in files]
    print(f"functions: {len(lengths)}  median: {statistics.median(lengths):g}  p90: {percentile(lengths, 0.9)}  "
          f"over 16 lines: {sum(n > 16 for n in lengths)}")
    print("files over 300 lines:", ", ".join(f"{p} ({n})" for n, p in sorted(long_files, reverse=True) if n > 300)
          or "none")
    for size, place in reversed(sizes[-args.list:] if args.list else []):
        print(f"  {size:4}  {place}")


if __name__ == "__main__":
    main()
