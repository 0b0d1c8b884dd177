// The Node-API binding: argument checks, conversions and errors, and nothing else. Each
// instance of the addon (one per thread that loads it) keeps its own data through Napi::Addon.
//
// JavaScript allocates every buffer and registers it once with `new Renderer(buffers)`; the
// renderer's JavaScript object holds each and native code the pointer into it. `render(activeCount, frames)` is
// then the only call while playing: the voice step and a block (or a part of one, or several
// whole blocks up to the next message, written straight into the caller's buffers), for every
// voice.
#include <napi.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "block_renderer.h"
#include "effects.h"
#include "kernels.h"

namespace {

using namespace meltysynth;

const char* typeName(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
  }
  return "typed array";
}

void throwType(Napi::Env env, const std::string& message) { Napi::TypeError::New(env, message).ThrowAsJavaScriptException(); }
void throwRange(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, message).ThrowAsJavaScriptException();
}

// A typed array's memory. `buffer` is its ArrayBuffer, or empty for a SharedArrayBuffer (which
// can be neither detached nor resized).
struct View {
  napi_value array = nullptr;
  void* data = nullptr;
  size_t length = 0;  // elements
  size_t byteLength = 0;
  napi_value buffer = nullptr;
};

// Resizable buffers could shrink under a registered pointer; they are refused.
bool isResizable(Napi::Env env, napi_value buffer) {
  Napi::Object object(env, buffer);
  for (const char* property : {"resizable", "growable"}) {
    Napi::Value flag = object.Get(property);
    if (env.IsExceptionPending()) return true;
    if (flag.IsBoolean() && flag.As<Napi::Boolean>().Value()) return true;
  }
  return false;
}

bool getView(Napi::Env env, napi_value value, napi_typedarray_type expected, const char* name, View& view) {
  bool isTypedArray = false;
  napi_is_typedarray(env, value, &isTypedArray);
  napi_typedarray_type type = napi_uint8_array;
  napi_value buffer = nullptr;
  size_t offset = 0;
  if (isTypedArray) napi_get_typedarray_info(env, value, &type, &view.length, &view.data, &buffer, &offset);
  if (!isTypedArray || type != expected) {
    throwType(env, std::string(name) + " must be a " + typeName(expected));
    return false;
  }
  if (isResizable(env, buffer)) {
    if (!env.IsExceptionPending()) throwType(env, std::string(name) + " must not be backed by a resizable buffer");
    return false;
  }
  bool isArrayBuffer = false;
  napi_is_arraybuffer(env, buffer, &isArrayBuffer);
  view.buffer = isArrayBuffer ? buffer : nullptr;
  view.array = value;
  Napi::TypedArray array(env, value);
  view.byteLength = array.ByteLength();
  if (view.length > 0 && view.data == nullptr) {
    throwType(env, std::string(name) + " has no memory (is its buffer detached?)");
    return false;
  }
  return true;
}

// The voice bank: an ArrayBuffer, or any typed array over all its bytes (which also lets
// a SharedArrayBuffer through, as Node-API has no accessor for those).
bool getBytes(Napi::Env env, Napi::Value value, const char* name, View& view) {
  if (value.IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = value.As<Napi::ArrayBuffer>();
    if (isResizable(env, buffer)) {
      if (!env.IsExceptionPending()) throwType(env, std::string(name) + " must not be a resizable ArrayBuffer");
      return false;
    }
    view.data = buffer.Data();
    view.byteLength = view.length = buffer.ByteLength();
    view.buffer = buffer;
    view.array = buffer;
    return true;
  }
  bool isTypedArray = false;
  napi_is_typedarray(env, value, &isTypedArray);
  if (!isTypedArray) {
    throwType(env, std::string(name) + " must be an ArrayBuffer or a typed array over the voice bank");
    return false;
  }
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, value, &type, nullptr, nullptr, nullptr, nullptr) != napi_ok) return false;
  if (!getView(env, value, type, name, view)) return false;
  view.length = view.byteLength;
  return true;
}

// A number the renderer reads once: its property, its range, and whether it must be whole.
struct NumberField {
  const char* name;
  double min, max;
  bool integer;
  double* out;
};

// A typed array the renderer registers: its property, its element type, the number of elements
// it must have (kAnyLength: any) and what that number is, for the message.
constexpr size_t kAnyLength = SIZE_MAX;
struct ArrayField {
  const char* name;
  napi_typedarray_type type;
  size_t length;
  const char* why;
  View* out;
};

// Each field of `object`, checked; `prefix` names the object in messages ("reverb.").
bool readNumbers(Napi::Env env, Napi::Object object, const char* prefix, std::initializer_list<NumberField> fields) {
  for (const NumberField& field : fields) {
    const std::string name = std::string(prefix) + field.name;
    Napi::Value value = object.Get(field.name);
    if (!value.IsNumber()) {
      throwType(env, name + " must be a number");
      return false;
    }
    const double x = value.As<Napi::Number>().DoubleValue();
    if (!(x >= field.min && x <= field.max) || (field.integer && std::floor(x) != x)) {
      auto text = [env](double y) { return Napi::Number::New(env, y).ToString().Utf8Value(); };
      throwRange(env, name + " must be " + (field.integer ? "an integer" : "a number") + " in [" + text(field.min) + ", " +
                          text(field.max) + "], got " + text(x));
      return false;
    }
    *field.out = x;
  }
  return true;
}

bool readArrays(Napi::Env env, Napi::Object object, const char* prefix, std::initializer_list<ArrayField> fields) {
  for (const ArrayField& field : fields) {
    const std::string name = std::string(prefix) + field.name;
    if (!getView(env, object.Get(field.name), field.type, name.c_str(), *field.out)) return false;
    if (field.length != kAnyLength && field.out->length != field.length) {
      throwRange(env, name + " must have length " + std::to_string(field.length) + " (" + field.why + "), got " +
                          std::to_string(field.out->length));
      return false;
    }
  }
  return true;
}

// The kernel set named by an optional argument, else the best one.
const KernelSet* getKernels(Napi::Env env, Napi::Value value) {
  if (value.IsUndefined()) return &bestKernels();
  if (!value.IsString()) {
    throwType(env, "instructionSet must be a string");
    return nullptr;
  }
  const std::string name = value.As<Napi::String>().Utf8Value();
  const KernelSet* set = kernelsByName(name.c_str());
  if (set == nullptr) throwRange(env, "instruction set \"" + name + "\" is not available on this CPU");
  return set;
}

// The JavaScript values whose memory a renderer uses. They are kept alive by the renderer's
// JavaScript object itself (a frozen array in a hidden, fixed property), not by references from
// native code: a strong reference is a root that lasts until the object's finalizer runs, which
// Node defers past the collection that found the object dead, so every dropped renderer would
// keep its buffers through one more full collection, one that V8 has no reason to start. The
// ArrayBuffers are also held weakly here, to tell whether one has been detached since.
class Keepalive {
 public:
  void add(Napi::Env env, napi_value value, napi_value buffer) {
    values_.push_back(value);
    if (buffer == nullptr) return;
    for (const Napi::Reference<Napi::Value>& known : buffers_) {
      if (known.Value().StrictEquals(Napi::Value(env, buffer))) return;
    }
    buffers_.push_back(Napi::Weak(Napi::Value(env, buffer)));
  }

  // Fixes the values to `owner`, where neither JavaScript nor a collection can take them away
  // while `owner` lives.
  bool attachTo(Napi::Env env, Napi::Object owner) {
    Napi::Array values = Napi::Array::New(env, values_.size());
    for (uint32_t i = 0; i < values_.size(); i++) values[i] = Napi::Value(env, values_[i]);
    values_.clear();
    if (napi_object_freeze(env, values) != napi_ok) return false;
    const napi_property_descriptor held = {nullptr, Napi::Symbol::New(env, "buffers"), nullptr, nullptr,
                                           nullptr, values, napi_default, nullptr};
    return napi_define_properties(env, owner, 1, &held) == napi_ok;
  }

  bool anyDetached(napi_env env) const {
    for (const Napi::Reference<Napi::Value>& buffer : buffers_) {
      napi_value value;
      bool detached = false;
      napi_get_reference_value(env, buffer, &value);
      napi_is_detached_arraybuffer(env, value, &detached);
      if (detached) return true;
    }
    return false;
  }

 private:
  // Valid only during the constructor's call, whose handle scope holds them.
  std::vector<napi_value> values_;
  std::vector<Napi::Reference<Napi::Value>> buffers_;
};

bool readReverb(Napi::Env env, Napi::Object reverb, RendererBuffers& b, Keepalive& keep) {
  View lines, offsets, lengths, cursors, stores, parameters;
  if (!readArrays(env, reverb, "reverb.",
                  {{"lines", napi_float32_array, kAnyLength, "", &lines},
                   {"offsets", napi_int32_array, kReverbLineCount, "one per delay line", &offsets},
                   {"lengths", napi_int32_array, kReverbLineCount, "one per delay line", &lengths},
                   {"cursors", napi_int32_array, kReverbLineCount, "one per delay line", &cursors},
                   {"stores", napi_float32_array, kCombCount, "one per comb filter", &stores},
                   {"parameters", napi_float32_array, kReverbParameterCount, "Reverb.ts's REVERB_PARAMETER_COUNT",
                    &parameters}})) {
    return false;
  }
  double allPassFeedback;
  if (!readNumbers(env, reverb, "reverb.", {{"allPassFeedback", 0, 1, false, &allPassFeedback}})) {
    return false;
  }
  b.hasReverb = true;
  b.reverb.lines = static_cast<float*>(lines.data);
  b.reverb.linesLength = lines.length;
  b.reverb.stores = static_cast<float*>(stores.data);
  b.reverb.parameters = static_cast<float*>(parameters.data);
  b.reverb.allPassFeedback = static_cast<float>(allPassFeedback);
  b.reverbOffsets = static_cast<int32_t*>(offsets.data);
  b.reverbLengths = static_cast<int32_t*>(lengths.data);
  b.reverbCursors = static_cast<int32_t*>(cursors.data);
  char error[kErrorLength];
  if (!loadReverbLayout(b.reverb, b.reverbOffsets, b.reverbLengths, b.reverbCursors, error)) {
    throwRange(env, error);
    return false;
  }
  for (const View* v : {&lines, &offsets, &lengths, &cursors, &stores, &parameters}) keep.add(env, v->array, v->buffer);
  return true;
}

bool readChorus(Napi::Env env, Napi::Object chorus, RendererBuffers& b, Keepalive& keep) {
  View left, right, table, cursors, phases, parameters;
  if (!readArrays(env, chorus, "chorus.",
                  {{"bufferLeft", napi_float32_array, kAnyLength, "", &left},
                   {"bufferRight", napi_float32_array, kAnyLength, "", &right},
                   {"delayTable", napi_float32_array, kAnyLength, "", &table},
                   {"cursors", napi_int32_array, 1, "the write position", &cursors},
                   {"phases", napi_float64_array, 3, "the left and right positions in the table and their step", &phases},
                   {"parameters", napi_float32_array, kChorusParameterCount, "Chorus.ts's CHORUS_PARAMETER_COUNT",
                    &parameters}})) {
    return false;
  }
  if (left.length < 2 || right.length != left.length) {
    throwRange(env, "chorus.bufferLeft and chorus.bufferRight must have the same length, at least 2 (got " +
                        std::to_string(left.length) + " and " + std::to_string(right.length) + ")");
    return false;
  }
  b.hasChorus = true;
  b.chorus = {static_cast<float*>(left.data), static_cast<float*>(right.data), left.length,
              static_cast<const float*>(table.data), table.length, static_cast<int32_t*>(cursors.data),
              static_cast<double*>(phases.data), static_cast<float*>(parameters.data)};
  char error[kErrorLength];
  if (!checkChorusTable(b.chorus, error) || !checkChorusCursors(b.chorus, error)) {
    throwRange(env, error);
    return false;
  }
  for (const View* v : {&left, &right, &table, &cursors, &phases, &parameters}) keep.add(env, v->array, v->buffer);
  return true;
}

// The JavaScript Renderer: one synthesizer's registered buffers and its native block renderer.
class Renderer : public Napi::ObjectWrap<Renderer> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Renderer",
                       {InstanceMethod<&Renderer::Render>("render"), InstanceMethod<&Renderer::StartVoice>("startVoice"),
                        InstanceMethod<&Renderer::Dispose>("dispose"),
                        InstanceAccessor<&Renderer::InstructionSet>("instructionSet")});
  }

  explicit Renderer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Renderer>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) {
      throwType(env, "buffers must be an object");
      return;
    }
    const KernelSet* kernels = getKernels(env, info[1]);
    if (kernels == nullptr) return;
    Napi::Object buffers = info[0].As<Napi::Object>();
    RendererBuffers b;

    double blockSize, spanBlocks, sampleRate, inaudibleGain, interpolation;
    if (!readNumbers(env, buffers, "",
                     {{"blockSize", 2, 65536, true, &blockSize},
                      {"spanBlocks", 1, 65536, true, &spanBlocks},
                      {"sampleRate", 1, 1e6, false, &sampleRate},
                      {"inaudibleGain", 0, 1, false, &inaudibleGain},
                      {"interpolation", 0, 2, true, &interpolation}})) {
      return;
    }
    b.inaudibleGain = static_cast<float>(inaudibleGain);
    b.interpolation = static_cast<Interpolation>(interpolation);
    b.blockSize = static_cast<size_t>(blockSize);
    b.spanBlocks = static_cast<size_t>(spanBlocks);
    const size_t outputLength = b.blockSize * b.spanBlocks;
    // The voice step's minimum voice length (stepVoices in lib/kernels/VoiceStep.ts): 2 ms.
    b.step = {sampleRate, std::trunc(sampleRate / 500), b.blockSize};

    View bank;
    if (!getBytes(env, buffers.Get("bank"), "bank", bank)) return;
    if (bank.byteLength % kVoiceBytes != 0 || reinterpret_cast<uintptr_t>(bank.data) % 8 != 0) {
      throwRange(env, "bank: its byte length " + std::to_string(bank.byteLength) + " is not a multiple of " +
                          std::to_string(kVoiceBytes) + " (the bytes of one voice), or it is not 8-byte aligned");
      return;
    }
    const size_t capacity = bank.byteLength / kVoiceBytes;
    View wave, channels, order, masterVolume, noteStart, left, right;
    if (!readArrays(env, buffers, "",
                    {{"waveData", napi_int16_array, kAnyLength, "", &wave},
                     {"channels", napi_float32_array, kChannelTableLength, "the channel table", &channels},
                     {"order", napi_int32_array, capacity, "one per voice", &order},
                     {"masterVolume", napi_float64_array, 1, "the master volume", &masterVolume},
                     {"noteStart", napi_float64_array, kNoteStartLength, "the note-start record", &noteStart},
                     {"left", napi_float32_array, outputLength, "blockSize x spanBlocks", &left},
                     {"right", napi_float32_array, outputLength, "blockSize x spanBlocks", &right}})) {
      return;
    }
    b.waveData = static_cast<const int16_t*>(wave.data);
    b.waveLength = wave.length;
    b.bank = bindVoiceBank(static_cast<uint8_t*>(bank.data), capacity);
    b.channels = bindChannelTable(static_cast<const float*>(channels.data));
    b.order = static_cast<int32_t*>(order.data);
    b.masterVolume = static_cast<const double*>(masterVolume.data);
    b.noteStart = static_cast<const double*>(noteStart.data);
    b.left = static_cast<float*>(left.data);
    b.right = static_cast<float*>(right.data);

    auto keep = std::make_unique<Keepalive>();
    Napi::Value reverb = buffers.Get("reverb");
    Napi::Value chorus = buffers.Get("chorus");
    if (!reverb.IsNull() && !reverb.IsUndefined()) {
      if (!reverb.IsObject()) {
        throwType(env, "reverb must be an object or null");
        return;
      }
      if (!readReverb(env, reverb.As<Napi::Object>(), b, *keep)) return;
    }
    if (!chorus.IsNull() && !chorus.IsUndefined()) {
      if (!chorus.IsObject()) {
        throwType(env, "chorus must be an object or null");
        return;
      }
      if (!readChorus(env, chorus.As<Napi::Object>(), b, *keep)) return;
    }
    for (const View* v : {&wave, &bank, &channels, &order, &masterVolume, &noteStart, &left, &right}) {
      keep->add(env, v->array, v->buffer);
    }
    Napi::ArrayBuffer scratch = Napi::ArrayBuffer::New(env, BlockRenderer::scratchBytes(b.blockSize, capacity));
    b.scratch = static_cast<uint8_t*>(scratch.Data());
    keep->add(env, scratch, scratch);
    if (!keep->attachTo(env, info.This().As<Napi::Object>())) return;

    keepalive_ = std::move(keep);
    renderer_ = std::make_unique<BlockRenderer>(b, *kernels);
    capacity_ = capacity;
    outputLength_ = outputLength;
    nativeBytes_ = static_cast<int64_t>(sizeof(*this) + sizeof(BlockRenderer) + sizeof(Keepalive));
    Napi::MemoryManagement::AdjustExternalMemory(env, nativeBytes_);
  }

  ~Renderer() override { release(Env()); }

 private:
  Napi::Value StartVoice(const Napi::CallbackInfo& info) {
    if (renderer_ == nullptr) {
      throwType(info.Env(), disposed_ ? "this renderer has been disposed" : "this renderer failed to register its buffers");
      return Napi::Value();
    }
    double v;
    if (napi_get_value_double(info.Env(), info[0], &v) != napi_ok) {
      throwType(info.Env(), "startVoice(v) takes a number");
      return Napi::Value();
    }
    if (!(v >= 0 && v < static_cast<double>(capacity_) && std::floor(v) == v)) {
      throwRange(info.Env(), "v must be an integer in [0, the number of voices)");
      return Napi::Value();
    }
    renderer_->startVoice(static_cast<size_t>(v));
    return Napi::Value();
  }

  Napi::Value Render(const Napi::CallbackInfo& info) {
    napi_env env = info.Env();
    if (renderer_ == nullptr) {
      throwType(info.Env(), disposed_ ? "this renderer has been disposed" : "this renderer failed to register its buffers");
      return Napi::Value();
    }
    double activeCount, frames;
    if (napi_get_value_double(env, info[0], &activeCount) != napi_ok ||
        napi_get_value_double(env, info[1], &frames) != napi_ok) {
      throwType(info.Env(), "render(activeCount, frames) takes two numbers");
      return Napi::Value();
    }
    // The renderer refuses a count of more than one block that is not whole blocks.
    if (!(frames >= 1 && frames <= static_cast<double>(outputLength_) && std::floor(frames) == frames)) {
      throwRange(info.Env(), "frames must be an integer in [1, blockSize x spanBlocks]");
      return Napi::Value();
    }
    if (!(activeCount >= 0 && activeCount <= static_cast<double>(capacity_) &&
          std::floor(activeCount) == activeCount)) {
      throwRange(info.Env(), "activeCount must be an integer in [0, the number of voices]");
      return Napi::Value();
    }
    if (keepalive_->anyDetached(env)) {
      throwType(info.Env(), "a registered buffer has been detached (transferred); create a new renderer");
      return Napi::Value();
    }
    float* target[2] = {nullptr, nullptr};
    if (info.Length() > 2 && !info[2].IsUndefined() && !outputTarget(info, static_cast<size_t>(frames), target)) {
      return Napi::Value();
    }
    size_t remaining = 0;
    if (!renderer_->render(static_cast<size_t>(activeCount), static_cast<size_t>(frames), remaining, target[0],
                           target[1])) {
      throwRange(info.Env(), renderer_->error());
      return Napi::Value();
    }
    return Napi::Number::New(info.Env(), static_cast<double>(remaining));
  }

  // render(..., left, right, at): the caller's Float32Arrays, `frames` of each from frame `at`,
  // not overlapping. Not kept past the call, during which no JavaScript runs to change them.
  static bool outputTarget(const Napi::CallbackInfo& info, size_t frames, float* target[2]) {
    napi_env env = info.Env();
    double at;
    if (napi_get_value_double(env, info[4], &at) != napi_ok || !(at >= 0 && std::floor(at) == at)) {
      throwRange(info.Env(), "at must be a non-negative integer");
      return false;
    }
    for (size_t side = 0; side < 2; side++) {
      bool isTypedArray = false;
      napi_typedarray_type type = napi_uint8_array;
      size_t length = 0;
      void* data = nullptr;
      napi_is_typedarray(env, info[2 + side], &isTypedArray);
      if (isTypedArray) napi_get_typedarray_info(env, info[2 + side], &type, &length, &data, nullptr, nullptr);
      if (!isTypedArray || type != napi_float32_array) {
        throwType(info.Env(), side == 0 ? "left must be a Float32Array" : "right must be a Float32Array");
        return false;
      }
      if (at + static_cast<double>(frames) > static_cast<double>(length)) {
        throwRange(info.Env(), std::string(side == 0 ? "left" : "right") + " has " + std::to_string(length) +
                                   " frames, fewer than at + frames");
        return false;
      }
      target[side] = static_cast<float*>(data) + static_cast<size_t>(at);
    }
    if (target[0] < target[1] + frames && target[1] < target[0] + frames) {
      throwRange(info.Env(), "left and right overlap");
      return false;
    }
    return true;
  }

  Napi::Value InstructionSet(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), renderer_ ? renderer_->kernels().name : "none");
  }

  // Frees the native state now; the buffers go with this object, when it is collected.
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    if (renderer_ != nullptr) disposed_ = true;
    release(info.Env());
    return Napi::Value();
  }

  void release(Napi::Env env) {
    renderer_.reset();
    keepalive_.reset();
    if (nativeBytes_ != 0) Napi::MemoryManagement::AdjustExternalMemory(env, -nativeBytes_);
    nativeBytes_ = 0;
  }

  std::unique_ptr<Keepalive> keepalive_;
  std::unique_ptr<BlockRenderer> renderer_;
  size_t capacity_ = 0;
  size_t outputLength_ = 0;  // frames in left and right
  // What a renderer keeps in native memory, told to V8, which cannot see it: everything else,
  // working memory included, is in JavaScript's buffers.
  int64_t nativeBytes_ = 0;
  bool disposed_ = false;
};

// The voice bank's fields and constants as voice_bank.h lists them, for the check that
// lib/kernels/VoiceBank.ts describes the same layout.
Napi::Object VoiceBankLayout(Napi::Env env) {
  auto list = [env](std::initializer_list<const char*> names) {
    Napi::Array array = Napi::Array::New(env, names.size());
    uint32_t i = 0;
    for (const char* name : names) array[i++] = name;
    return array;
  };
#define MELTYSYNTH_NAME(name) #name,
  Napi::Object layout = Napi::Object::New(env);
  layout.Set("f64", list({MELTYSYNTH_VOICE_F64(MELTYSYNTH_NAME)}));
  layout.Set("f32", list({MELTYSYNTH_VOICE_F32(MELTYSYNTH_NAME)}));
  layout.Set("i32", list({MELTYSYNTH_VOICE_I32(MELTYSYNTH_NAME)}));
  layout.Set("channel", list({MELTYSYNTH_CHANNEL_F32(MELTYSYNTH_NAME)}));
#undef MELTYSYNTH_NAME
  Napi::Object constants = Napi::Object::New(env);
#define MELTYSYNTH_SET(name, shared, value) constants.Set(#shared, Napi::Number::New(env, name));
  MELTYSYNTH_CONSTANTS(MELTYSYNTH_SET)
#undef MELTYSYNTH_SET
  layout.Set("constants", constants);
  return layout;
}

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports) {
    DefineAddon(exports, {
                             InstanceMethod<&Addon::InstructionSet>("instructionSet"),
                             InstanceMethod<&Addon::InstructionSets>("instructionSets"),
                             InstanceValue("voiceBankLayout", VoiceBankLayout(env), napi_enumerable),
                             InstanceValue("Renderer", Renderer::Define(env), napi_enumerable),
                             InstanceValue("napiVersion", Napi::Number::New(env, NAPI_VERSION), napi_enumerable),
                         });
  }

 private:
  Napi::Value InstructionSet(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), bestKernels().name);
  }

  Napi::Value InstructionSets(const Napi::CallbackInfo& info) {
    Napi::Array names = Napi::Array::New(info.Env());
    uint32_t i = 0;
    for (const char* const* name = availableKernelNames(); *name != nullptr; name++) names[i++] = *name;
    return names;
  }
};

}  // namespace

NODE_API_ADDON(Addon)
