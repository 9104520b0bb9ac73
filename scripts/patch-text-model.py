#!/usr/bin/python3
"""Rewrites the PP-OCRv4 text detector's Clip nodes in the form OpenCV 4.6's ONNX importer reads.

The model (ch_PP-OCRv4_det_infer.onnx, from the rapidocr_onnxruntime 1.4.4 wheel) gives Clip its
bounds as inputs (opset 11 and later); OpenCV 4.6 only reads them as attributes (min, max). Each
Clip's bound inputs are Constant nodes: their values become attributes and the inputs are dropped.

It also folds into its convolution each scale and shift by constants that follows a convolution
(PP-LCNetV3's "learnable affine blocks", 28 of them): y = a * conv(x, W, b) + c is conv(x, a * W,
a * b + c). The map is the same to rounding (largest difference 0.000018 on a photo of text), and
OpenCV runs each of those 56 element-wise layers as a pass over the whole tensor: about 5% of the
network's time (docs/BENCHMARKS.md, stop 50). Only products and sums of single numbers, so the
result is the same on every machine (its hash is verified by scripts/setup.sh).
Usage: patch-text-model.py IN OUT
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main(source, target):
    model = onnx.load(source)
    graph = model.graph
    constants = {n.output[0]: n for n in graph.node if n.op_type == "Constant"}
    patched = 0
    for node in graph.node:
        if node.op_type != "Clip" or len(node.input) < 2:
            continue
        bounds = []
        for name in node.input[1:3]:
            value = next(a for a in constants[name].attribute if a.name == "value")
            bounds.append(float(numpy_helper.to_array(value.t)))
        del node.input[1:]
        node.attribute.extend([onnx.helper.make_attribute("min", bounds[0])])
        if len(bounds) > 1:
            node.attribute.extend([onnx.helper.make_attribute("max", bounds[1])])
        patched += 1
    if patched != 24:
        sys.exit(f"patch-text-model: expected 24 Clip nodes, found {patched}")
    folded = fold_affine(graph, constants)
    if folded != 28:
        sys.exit(f"patch-text-model: expected 28 scale-and-shift pairs after convolutions, found {folded}")
    onnx.save(model, target)


def fold_affine(graph, constants):
    """Folds Conv -> Mul(constant) -> Add(constant), each constant one number, into the Conv."""
    def value(name):
        node = constants.get(name)
        if node is None:
            return None
        return numpy_helper.to_array(next(a for a in node.attribute if a.name == "value").t)

    def set_value(name, array):
        attribute = next(a for a in constants[name].attribute if a.name == "value")
        attribute.t.CopyFrom(numpy_helper.from_array(array.astype(np.float32), attribute.t.name))

    def scalar(node):
        """(the constant, the other input) of a Mul or Add with one single-number constant input."""
        for const, other in ((node.input[0], node.input[1]), (node.input[1], node.input[0])):
            v = value(const)
            if v is not None and v.size == 1 and other not in constants:
                return float(v.ravel()[0]), other
        return None

    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    removed, renamed, folded = set(), {}, 0
    for conv in list(graph.node):
        if conv.op_type != "Conv" or len(conv.input) != 3 or value(conv.input[1]) is None or value(conv.input[2]) is None:
            continue
        after = consumers.get(conv.output[0], [])
        if len(after) != 1 or after[0].op_type != "Mul" or scalar(after[0]) is None:
            continue
        mul = after[0]
        after = consumers.get(mul.output[0], [])
        if len(after) != 1 or after[0].op_type != "Add" or scalar(after[0]) is None:
            continue
        add = after[0]
        a, c = np.float32(scalar(mul)[0]), np.float32(scalar(add)[0])
        weights, bias = value(conv.input[1]), value(conv.input[2])
        set_value(conv.input[1], weights * a)
        set_value(conv.input[2], bias * a + c)
        removed.update({mul.name, add.name})
        renamed[add.output[0]] = conv.output[0]
        folded += 1
    kept = [n for n in graph.node if n.name not in removed]
    for node in kept:
        for i, name in enumerate(node.input):
            if name in renamed:
                node.input[i] = renamed[name]
    # Constants no node reads any more (the folded numbers, the Clip bounds made attributes).
    used = {name for node in kept for name in node.input}
    kept = [n for n in kept if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(kept)
    return folded


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
