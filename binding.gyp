{
  "targets": [
    {
      "target_name": "meltysynth_native",
      "sources": [
        "native/binding.cpp",
        "native/block_renderer.cpp",
        "native/voice_step.cpp",
        "native/voice_start.cpp",
        "native/effects.cpp",
        "native/kernels.cpp",
        "native/kernels_scalar.cpp",
        "native/kernels_sse2.cpp",
        "native/kernels_avx2.cpp",
        "native/kernels_avx512.cpp",
        "native/kernels_neon.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-O2", "-O0"],
      "cflags_cc!": ["-O2", "-O0", "-std=gnu++17"],
      "cflags": ["-O3", "-fvisibility=hidden"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=off", "-fvisibility=hidden"],
      "xcode_settings": {
        "GCC_OPTIMIZATION_LEVEL": "3",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-ffp-contract=off"]
      }
    }
  ]
}
