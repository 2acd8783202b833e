#pragma once
/// The umbrella header: `#include <nd/array.hpp>` gives the whole public C++ API.
#include "nd/creation.hpp"
#include "nd/dtype.hpp"
#include "nd/error.hpp"
#include "nd/io.hpp"
#include "nd/ndarray.hpp"
#include "nd/print.hpp"
#include "nd/shape.hpp"
#include "nd/threads.hpp"
#include "nd/ufunc.hpp"
#include "nd/views.hpp"
