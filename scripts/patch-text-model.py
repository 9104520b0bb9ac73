#!/usr/bin/python3
"""Rewrites the PP-OCRv4 text detector's Clip nodes in the form OpenCV 4.6's ONNX importer reads.

The model (ch_PP-OCRv4_det_infer.onnx, from the rapidocr_onnxruntime 1.4.4 wheel) gives Clip its
bounds as inputs (opset 11 and later); OpenCV 4.6 only reads them as attributes (min, max). Each
Clip's bound inputs are Constant nodes: their values become attributes and the inputs are dropped.
Nothing else changes. Usage: patch-text-model.py IN OUT
"""
import sys

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
    onnx.save(model, target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
