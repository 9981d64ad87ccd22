import * as ort from "onnxruntime-web";
console.log(Object.keys(ort.env.wasm));
