/**
 * A small builder for an ONNX graph as the plain objects protobufjs encodes: nodes in order,
 * initializers (constant tensors stored little-endian in raw_data) and typed inputs and outputs.
 * Each builder owns its own lists; names are made unique by a per-builder counter.
 */
import { ATTR_FLOAT, ATTR_FLOATS, ATTR_INT, ATTR_INTS, ATTR_STRING, ATTR_STRINGS, ONNX_FLOAT, ONNX_INT64, ONNX_STRING } from "./schema.js";

/** A dimension: a fixed size or a symbolic name such as "batch". */
export type Dim = number | string;

export type Attribute =
  | { name: string; value: number; kind: "int" | "float" }
  | { name: string; value: number[]; kind: "ints" | "floats" }
  | { name: string; value: string; kind: "string" }
  | { name: string; value: string[]; kind: "strings" };

/** The operator set of the ONNX-ML operators (Imputer, OneHotEncoder, LabelEncoder). */
export const ONNX_ML_DOMAIN = "ai.onnx.ml";

interface TensorValue {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  string_data?: Uint8Array[];
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

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function attribute(a: Attribute): object {
  switch (a.kind) {
    case "ints": return { name: a.name, type: ATTR_INTS, ints: a.value };
    case "floats": return { name: a.name, type: ATTR_FLOATS, floats: a.value };
    case "string": return { name: a.name, type: ATTR_STRING, s: utf8(a.value) };
    case "strings": return { name: a.name, type: ATTR_STRINGS, strings: a.value.map(utf8) };
    case "int": return { name: a.name, type: ATTR_INT, i: a.value };
    case "float": return { name: a.name, type: ATTR_FLOAT, f: a.value };
  }
}

export class GraphBuilder {
  private readonly nodes: object[] = [];
  private readonly initializers: TensorValue[] = [];
  private readonly inputs: object[] = [];
  private readonly outputs: object[] = [];
  private readonly inputNames: string[] = [];
  private readonly valueNames = new Set<string>();
  private readonly domains = new Set<string>();
  private counter = 0;

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  input(name: string, elemType: number, dims: readonly Dim[], doc = ""): string {
    this.inputs.push(valueInfo(name, elemType, dims, doc));
    this.inputNames.push(name);
    return name;
  }

  output(name: string, elemType: number, dims: readonly Dim[], doc = ""): void {
    this.outputs.push(valueInfo(name, elemType, dims, doc));
  }

  /** A float32 constant (weights, biases, means). Float64 values are rounded to float32. */
  floatConstant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push({ name, dims: [...dims], data_type: ONNX_FLOAT, raw_data: float32Bytes(values) });
    this.valueNames.add(name);
    return name;
  }

  /** A string constant (a category to impute). */
  stringConstant(name: string, dims: readonly number[], values: readonly string[]): string {
    this.initializers.push({ name, dims: [...dims], data_type: ONNX_STRING, string_data: values.map(utf8) });
    this.valueNames.add(name);
    return name;
  }

  /** An int64 constant (axes, shapes). */
  int64Constant(name: string, values: readonly number[]): string {
    this.initializers.push({ name, dims: [values.length], data_type: ONNX_INT64, raw_data: int64Bytes(values) });
    this.valueNames.add(name);
    return name;
  }

  /** Appends a node (of the default domain, or `domain`); returns its first output's name (`output` or a fresh one). */
  node(opType: string, inputs: readonly string[], attributes: readonly Attribute[] = [], output?: string, domain = ""): string {
    const out = output ?? this.fresh(opType.toLowerCase());
    this.nodes.push({ op_type: opType, name: `${opType}_${this.nodes.length}`, input: [...inputs], output: [out], attribute: attributes.map(attribute), ...(domain ? { domain } : {}) });
    this.valueNames.add(out);
    if (domain) this.domains.add(domain);
    return out;
  }

  /** Whether a node of `domain` was added (its operator set must then be imported). */
  uses(domain: string): boolean {
    return this.domains.has(domain);
  }

  /**
   * Input names that are not unique, or that a constant or node output also has (a column named
   * "label" or "logits"); the graph would be invalid with them.
   */
  clashingInputs(): string[] {
    return this.inputNames.filter((n, i) => this.valueNames.has(n) || this.inputNames.indexOf(n) !== i);
  }

  build(name: string, doc: string): GraphObject {
    return { name, doc_string: doc, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}
