/**
 * A small builder for an ONNX graph as the plain objects protobufjs encodes: nodes in order,
 * initializers (constant tensors stored little-endian in raw_data) and typed inputs and outputs.
 * Each builder owns its own lists; names are made unique by a per-builder counter.
 */
import { ATTR_FLOAT, ATTR_INT, ATTR_INTS, ONNX_FLOAT, ONNX_INT64 } from "./schema.js";

/** A dimension: a fixed size or a symbolic name such as "batch". */
export type Dim = number | string;

export type Attribute = { name: string; value: number; kind: "int" | "float" } | { name: string; value: number[]; kind: "ints" };

interface TensorValue {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

export interface GraphObject {
  name: string;
  doc_string: string;
  node: object[];
  initializer: TensorValue[];
  input: object[];
  output: object[];
}

function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]!), true);
  return bytes;
}

function valueInfo(name: string, elemType: number, dims: readonly Dim[], doc: string): object {
  return {
    name,
    doc_string: doc,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function attribute(a: Attribute): object {
  if (a.kind === "ints") return { name: a.name, type: ATTR_INTS, ints: a.value };
  return a.kind === "int" ? { name: a.name, type: ATTR_INT, i: a.value } : { name: a.name, type: ATTR_FLOAT, f: a.value };
}

export class GraphBuilder {
  private readonly nodes: object[] = [];
  private readonly initializers: TensorValue[] = [];
  private readonly inputs: object[] = [];
  private readonly outputs: object[] = [];
  private counter = 0;

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  input(name: string, elemType: number, dims: readonly Dim[], doc = ""): string {
    this.inputs.push(valueInfo(name, elemType, dims, doc));
    return name;
  }

  output(name: string, elemType: number, dims: readonly Dim[], doc = ""): void {
    this.outputs.push(valueInfo(name, elemType, dims, doc));
  }

  /** A float32 constant (weights, biases, means). Float64 values are rounded to float32. */
  floatConstant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims: [...dims], data_type: ONNX_FLOAT, raw_data: float32Bytes(values) });
    return name;
  }

  /** An int64 constant (axes, shapes). */
  int64Constant(name: string, values: readonly number[]): string {
    this.initializers.push({ name, dims: [values.length], data_type: ONNX_INT64, raw_data: int64Bytes(values) });
    return name;
  }

  /** Appends a node; returns its first output's name (`output` or a fresh one). */
  node(opType: string, inputs: readonly string[], attributes: readonly Attribute[] = [], output?: string): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    this.nodes.push({ op_type: opType, name: `${opType}_${this.nodes.length}`, input: [...inputs], output: [out], attribute: attributes.map(attribute) });
    return out;
  }

  build(name: string, doc: string): GraphObject {
    return { name, doc_string: doc, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}
