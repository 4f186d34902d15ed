"""Writes the small ONNX models and TensorProto files under Tests/Fixtures/runtime.

Expected outputs are computed with numpy (not ONNX Runtime), so the Swift tests compare the
binding against an independent oracle. Deterministic: fixed seeds, fixed model contents.
Run from the repository root: python3 scripts/oracles/runtime_fixtures.py
"""
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join("Tests", "Fixtures", "runtime")
OPSET = [helper.make_opsetid("", 13)]


def save(model, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.producer_name = "camo-fixtures"
    model.producer_version = "1"
    onnx.checker.check_model(model)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


def write_tensor(array, name, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def tiny_conv():
    """Conv 3x3 (2->3 channels, pad 1) + bias, then Relu; batch dimension symbolic."""
    rng = np.random.default_rng(7)
    w = rng.standard_normal((3, 2, 3, 3)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]), helper.make_node("Relu", ["c"], ["y"])],
        "tiny_conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 2, 5, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3, 5, 5])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")],
    )
    save(helper.make_model(graph, opset_imports=OPSET, ir_version=8), os.path.join(OUT, "tiny_conv.onnx"))
    x = rng.standard_normal((2, 2, 5, 5)).astype(np.float32)
    padded = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    y = np.zeros((2, 3, 5, 5))
    for n in range(2):
        for o in range(3):
            for i in range(5):
                for j in range(5):
                    y[n, o, i, j] = np.sum(padded[n, :, i:i + 3, j:j + 3] * w[o]) + b[o]
    y = np.maximum(y, 0).astype(np.float32)
    folder = os.path.join(OUT, "tiny_conv_test", "test_data_set_0")
    write_tensor(x, "x", os.path.join(folder, "input_0.pb"))
    write_tensor(y, "y", os.path.join(folder, "output_0.pb"))


TYPES = {
    "float32": (TensorProto.FLOAT, np.float32),
    "float16": (TensorProto.FLOAT16, np.float16),
    "int64": (TensorProto.INT64, np.int64),
    "int32": (TensorProto.INT32, np.int32),
    "int8": (TensorProto.INT8, np.int8),
    "uint8": (TensorProto.UINT8, np.uint8),
    "bool": (TensorProto.BOOL, np.bool_),
}


def identity_types():
    """One Identity per element type, each input of shape [n, 2]."""
    nodes, inputs, outputs = [], [], []
    for name, (code, _) in TYPES.items():
        nodes.append(helper.make_node("Identity", [f"in_{name}"], [f"out_{name}"]))
        inputs.append(helper.make_tensor_value_info(f"in_{name}", code, ["n", 2]))
        outputs.append(helper.make_tensor_value_info(f"out_{name}", code, ["n", 2]))
    graph = helper.make_graph(nodes, "identity_types", inputs, outputs)
    save(helper.make_model(graph, opset_imports=OPSET, ir_version=8), os.path.join(OUT, "identity_types.onnx"))


def tensor_files():
    """TensorProto files in both encodings (raw_data and typed fields) with their values in JSON."""
    values = [0, 1, -2, 3, 127, -128]
    expected = {}
    for name, (code, dtype) in TYPES.items():
        if name == "uint8":
            data = np.array([0, 1, 2, 3, 127, 255], dtype)
        elif name == "bool":
            data = np.array([True, False, True, True, False, True])
        elif name in ("float32", "float16"):
            data = np.array([0.0, 1.5, -2.25, 3.0e-3, 65504.0 if name == "float16" else 1.0e30, -0.0], dtype)
        else:
            data = np.array(values, dtype)
        data = data.reshape(2, 3)
        write_tensor(data, f"t_{name}", os.path.join(OUT, "tensors", f"{name}_raw.pb"))
        # make_tensor stores float16 values as their bit patterns in int32_data.
        typed = helper.make_tensor(f"t_{name}", code, [2, 3], data.flatten().tolist(), raw=False)
        with open(os.path.join(OUT, "tensors", f"{name}_typed.pb"), "wb") as f:
            f.write(typed.SerializeToString())
        expected[name] = [float(v) for v in data.astype(np.float64).flatten()]
    with open(os.path.join(OUT, "tensors", "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


def external_data():
    """y = x + bias, with bias stored in a side file; and two broken variants."""
    bias = np.arange(4, dtype=np.float32) * 0.5

    def model(location):
        tensor = numpy_helper.from_array(bias, "bias")
        tensor.ClearField("raw_data")
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", "0"), ("length", "16")):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        graph = helper.make_graph(
            [helper.make_node("Add", ["x", "bias"], ["y"])], "external",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])], [tensor])
        return helper.make_model(graph, opset_imports=OPSET, ir_version=8)

    for folder, location in (("external_ok", "weights.bin"), ("external_escape", "../external_ok/weights.bin"),
                             ("external_missing", "absent.bin")):
        path = os.path.join(OUT, folder, "model.onnx")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        m = model(location)
        m.producer_name = "camo-fixtures"
        with open(path, "wb") as f:
            f.write(m.SerializeToString())
    with open(os.path.join(OUT, "external_ok", "weights.bin"), "wb") as f:
        f.write(bias.tobytes())

    # A Constant node's tensor attribute pointing at an absolute path.
    value = numpy_helper.from_array(bias, "value")
    value.ClearField("raw_data")
    value.data_location = TensorProto.EXTERNAL
    entry = value.external_data.add()
    entry.key, entry.value = "location", "/etc/hostname"
    graph = helper.make_graph(
        [helper.make_node("Constant", [], ["c"], value=value), helper.make_node("Add", ["x", "c"], ["y"])],
        "external_constant",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])])
    m = helper.make_model(graph, opset_imports=OPSET, ir_version=8)
    m.producer_name = "camo-fixtures"
    os.makedirs(os.path.join(OUT, "external_constant"), exist_ok=True)
    with open(os.path.join(OUT, "external_constant", "model.onnx"), "wb") as f:
        f.write(m.SerializeToString())


def unknown_operator():
    """Well-formed ONNX that ONNX Runtime must reject: an operator no domain defines."""
    graph = helper.make_graph(
        [helper.make_node("NoSuchOperator", ["x"], ["y"])], "unknown",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    m = helper.make_model(graph, opset_imports=OPSET, ir_version=8)
    m.producer_name = "camo-fixtures"
    with open(os.path.join(OUT, "unknown_operator.onnx"), "wb") as f:
        f.write(m.SerializeToString())


def reshape_fails():
    """A model whose failure happens inside ONNX Runtime, not in the binding's own checks: x has a symbolic length,
    and reshaping it to [2, 3] fails at run time unless it holds six values."""
    shape = numpy_helper.from_array(np.array([2, 3], dtype=np.int64), "shape")
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["x", "shape"], ["y"])], "reshape_fails",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n"])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])], initializer=[shape])
    save(helper.make_model(graph, opset_imports=OPSET, ir_version=8), os.path.join(OUT, "reshape_fails.onnx"))


def digests():
    """sha256 of each fixture model, for the SHA256 and checksum tests."""
    result = {}
    for name in ("tiny_conv.onnx", "identity_types.onnx"):
        with open(os.path.join(OUT, name), "rb") as f:
            result[name] = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(OUT, "sha256.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


def describe(path):
    """What the model reader must report, from onnx's own parser."""
    m = onnx.load(path, load_external_data=False)
    ops = {}

    def count(graph):
        for node in graph.node:
            key = node.op_type if node.domain in ("", "ai.onnx") else f"{node.domain}:{node.op_type}"
            ops[key] = ops.get(key, 0) + 1
            for attribute in node.attribute:
                for sub in ([attribute.g] if attribute.HasField("g") else []) + list(attribute.graphs):
                    count(sub)

    count(m.graph)
    initializers = {t.name for t in m.graph.initializer}
    return {
        "ir_version": m.ir_version,
        "producer_name": m.producer_name,
        "opset": [[o.domain, o.version] for o in m.opset_import],
        "operators": ops,
        "parameters": int(sum(int(np.prod(t.dims)) for t in m.graph.initializer)),
        "initializers": len(m.graph.initializer),
        "inputs": [i.name for i in m.graph.input if i.name not in initializers],
        "outputs": [o.name for o in m.graph.output],
    }


def summaries():
    """Summaries of the fixture model and, when present, of every shared model (keyed by path)."""
    result = {"tiny_conv.onnx": describe(os.path.join(OUT, "tiny_conv.onnx"))}
    models = os.path.join("..", "shared", "models")
    for folder, _, files in sorted(os.walk(models)):
        for name in sorted(files):
            if name.endswith(".onnx"):
                path = os.path.join(folder, name)
                result[os.path.relpath(path, models)] = describe(path)
    with open(os.path.join(OUT, "model_summaries.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    tiny_conv()
    identity_types()
    tensor_files()
    external_data()
    unknown_operator()
    reshape_fails()
    digests()
    summaries()
