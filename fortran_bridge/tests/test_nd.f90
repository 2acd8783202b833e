! The Fortran bridge: zero-copy wrapping (writes seen on both sides), strided sections,
! every kind and ranks 1 to 7, operations checked against Fortran's own intrinsics and a
! naive DFT, NumPy's random numbers, and errors as statuses.
program test_nd
  use, intrinsic :: iso_c_binding
  use nd
  implicit none
  integer :: failures = 0, checks = 0

  call test_zero_copy()
  call test_sections()
  call test_kinds()
  call test_ranks()
  call test_operations()
  call test_fft()
  call test_random()
  call test_errors()
  print '(a, i0, a, i0, a)', "fortran bridge: ", checks, " checks, ", failures, " failed"
  if (failures /= 0) error stop 1

contains

  subroutine check(cond, what)
    logical, intent(in) :: cond
    character(len=*), intent(in) :: what
    checks = checks + 1
    if (.not. cond) then
      failures = failures + 1
      print '(a, a, a, a)', "CHECK failed: ", what, "; last error: ", nd_last_error()
    end if
  end subroutine check

  logical function near(a, b, tol)
    real(c_double), intent(in) :: a, b, tol
    near = abs(a - b) <= tol
  end function near

  subroutine test_zero_copy()
    real(c_double), target :: x(4, 3)
    type(nd_array) :: a, r
    integer :: st, i, j
    do j = 1, 3
      do i = 1, 4
        x(i, j) = 10 * i + j
      end do
    end do
    call nd_wrap(x, a, st)
    call check(st == ND_OK, "wrap")
    call check(nd_ndim(a) == 2, "ndim 2")
    call check(all(nd_shape(a) == [4_c_int64_t, 3_c_int64_t]), "shape (4, 3)")
    call check(nd_dtype_name(a) == "float64", "float64")
    ! Fortran writes, nd reads
    x(3, 2) = 1000
    call nd_reduce("max", a, r, status=st)
    call check(st == ND_OK, "max")
    call check(nd_item(r) == 1000, "nd sees a Fortran write")
    ! nd reads in column-major order: argmax over all is the C-order index of (3, 2) -> [2, 1]
    call nd_reduce("argmax", a, r)
    call check(nd_item(r) == 2 * 3 + 1, "argmax in nd's C order")
    ! nd writes, Fortran reads
    call nd_fill(a, -1.5_c_double, st)
    call check(st == ND_OK .and. all(x == -1.5_c_double), "Fortran sees an nd write")
    call nd_free(r)
    call nd_free(a)
    call check(.not. c_associated(a%ptr), "free nulls the handle")
    call nd_free(a)  ! a second free is a no-op
  end subroutine test_zero_copy

  subroutine test_sections()
    real(c_double), target :: big(10, 6)
    type(nd_array) :: a, r
    real(c_double), allocatable :: got(:, :), rows(:)
    integer :: i, j, st
    forall (i = 1:10, j = 1:6) big(i, j) = i + 100 * j
    ! a strided section: rows 2, 5, 8 of columns 1, 3, 5, no copy
    call nd_wrap(big(2:8:3, 1:5:2), a, st)
    call check(st == ND_OK, "wrap a section")
    call check(all(nd_shape(a) == [3_c_int64_t, 3_c_int64_t]), "section shape")
    call nd_reduce("sum", a, r)
    call check(nd_item(r) == sum(big(2:8:3, 1:5:2)), "sum of a section")
    call nd_reduce("sum", a, r, dims=[2])
    call nd_get(r, rows)
    call check(all(rows == sum(big(2:8:3, 1:5:2), dim=2)), "row sums of a section (dims=[2])")
    call nd_reduce("sum", a, r, dims=[2], keepdims=.true.)
    call nd_get(r, got)
    call check(all(shape(got) == [3, 1]), "keepdims shape")
    call check(all(got(:, 1) == sum(big(2:8:3, 1:5:2), dim=2)), "row sums of a section")
    ! writing through nd changes exactly the section's elements
    call nd_fill(a, 0.0_c_double)
    call check(all(big(2:8:3, 1:5:2) == 0), "section zeroed")
    call check(big(1, 1) == 101 .and. big(3, 1) == 103 .and. big(2, 2) == 202 .and. big(10, 6) == 610, &
               "elements outside the section untouched")
    call check(count(big == 0) == 9, "nine elements zeroed")
    call nd_free(r)
    call nd_free(a)
    ! a reversed section has negative strides
    call nd_wrap(big(10:1:-3, 6), a, st)
    call check(st == ND_OK, "wrap a reversed section")
    call check(nd_ndim(a) == 1, "reversed section is 1-D")
    call nd_reduce("argmax", a, r)
    call check(nd_item(r) == 0, "first element of a reversed section is big(10, 6)")
    call nd_free(r)
    call nd_free(a)
  end subroutine test_sections

  ! Every kind round trips: wrap, ask nd for a + a (or a or a), receive into an allocatable.
  subroutine test_kinds()
    real(c_float), target :: r4(2, 3)
    real(c_double), target :: r8(2, 3)
    integer(c_int8_t), target :: i1(2, 3)
    integer(c_int16_t), target :: i2(2, 3)
    integer(c_int32_t), target :: i4(2, 3)
    integer(c_int64_t), target :: i8(2, 3)
    logical(c_bool), target :: lb(2, 3)
    logical, target :: l4(2, 3)
    complex(c_float_complex), target :: c4(2, 3)
    complex(c_double_complex), target :: c8(2, 3)
    real(c_float), allocatable :: gr4(:, :)
    real(c_double), allocatable :: gr8(:, :)
    integer(c_int8_t), allocatable :: gi1(:, :)
    integer(c_int16_t), allocatable :: gi2(:, :)
    integer(c_int32_t), allocatable :: gi4(:, :)
    integer(c_int64_t), allocatable :: gi8(:, :)
    logical(c_bool), allocatable :: glb(:, :)
    logical, allocatable :: gl4(:, :)
    complex(c_float_complex), allocatable :: gc4(:, :)
    complex(c_double_complex), allocatable :: gc8(:, :)
    type(nd_array) :: a, s
    integer :: st
    r4 = reshape([1, 2, 3, 4, 5, 6], [2, 3])
    r8 = r4
    i1 = int(r4, c_int8_t)
    i2 = int(r4, c_int16_t)
    i4 = int(r4, c_int32_t)
    i8 = int(r4, c_int64_t)
    lb = reshape([.true., .false., .false., .true., .true., .false.], [2, 3])
    l4 = logical(lb)
    c4 = cmplx(r4, -r4, kind=c_float_complex)
    c8 = cmplx(r8, 2 * r8, kind=c_double_complex)

    call nd_wrap(r4, a)
    call check(nd_dtype_name(a) == "float32", "real(4) is float32")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gr4)
    call check(all(gr4 == 2 * r4), "real(4) add")
    call nd_wrap(r8, a)
    call check(nd_dtype_name(a) == "float64", "real(8) is float64")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gr8)
    call check(all(gr8 == 2 * r8), "real(8) add")
    call nd_wrap(i1, a)
    call check(nd_dtype_name(a) == "int8", "integer(1) is int8")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gi1)
    call check(all(gi1 == 2 * i1), "integer(1) add")
    call nd_wrap(i2, a)
    call check(nd_dtype_name(a) == "int16", "integer(2) is int16")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gi2)
    call check(all(gi2 == 2 * i2), "integer(2) add")
    call nd_wrap(i4, a)
    call check(nd_dtype_name(a) == "int32", "integer(4) is int32")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gi4)
    call check(all(gi4 == 2 * i4), "integer(4) add")
    call nd_wrap(i8, a)
    call check(nd_dtype_name(a) == "int64", "integer(8) is int64")
    call nd_ufunc("add", a, a, s)
    call nd_get(s, gi8)
    call check(all(gi8 == 2 * i8), "integer(8) add")
    call nd_wrap(lb, a)
    call check(nd_dtype_name(a) == "bool", "logical(c_bool) is bool")
    call nd_ufunc("logical_not", a, s)
    call nd_get(s, glb)
    call check(logical(all(glb .eqv. .not. lb)), "logical(c_bool) not")
    call nd_wrap(l4, a)
    call check(nd_dtype_name(a) == "int32", "default logical is int32")
    call nd_ufunc("logical_not", a, s)
    call check(nd_dtype_name(s) == "bool", "logical_not gives bool")
    call nd_get(s, gl4)
    call check(all(gl4 .eqv. .not. l4), "default logical not, back as logical")
    call nd_wrap(c4, a)
    call check(nd_dtype_name(a) == "complex64", "complex(4) is complex64")
    call nd_ufunc("conj", a, s)
    call nd_get(s, gc4)
    call check(all(gc4 == conjg(c4)), "complex(4) conj")
    call nd_wrap(c8, a)
    call check(nd_dtype_name(a) == "complex128", "complex(8) is complex128")
    call nd_ufunc("multiply", a, a, s)
    call nd_get(s, gc8)
    call check(all(gc8 == c8 * c8), "complex(8) multiply")
    ! receiving casts to the allocatable's kind, and reallocates
    call nd_get(s, gr8, st)
    call check(st == ND_OK .and. all(gr8 == real(c8 * c8)), "complex result into real(8) keeps the real part")
    call nd_free(s)
    call nd_free(a)
  end subroutine test_kinds

  subroutine test_ranks()
    real(c_double), target :: x1(3), x2(3, 2), x3(3, 2, 2), x4(2, 2, 2, 3), x5(2, 1, 2, 2, 3)
    real(c_double), target :: x6(2, 2, 1, 2, 1, 3), x7(1, 2, 2, 1, 2, 3, 2)
    type(nd_array) :: a
    call random_number(x1)
    call random_number(x2)
    call random_number(x3)
    call random_number(x4)
    call random_number(x5)
    call random_number(x6)
    call random_number(x7)
    call nd_wrap(x1, a)
    call check_rank(a, 1, shape(x1), sum(x1))
    call nd_wrap(x2, a)
    call check_rank(a, 2, shape(x2), sum(x2))
    call nd_wrap(x3, a)
    call check_rank(a, 3, shape(x3), sum(x3))
    call nd_wrap(x4, a)
    call check_rank(a, 4, shape(x4), sum(x4))
    call nd_wrap(x5, a)
    call check_rank(a, 5, shape(x5), sum(x5))
    call nd_wrap(x6, a)
    call check_rank(a, 6, shape(x6), sum(x6))
    call nd_wrap(x7, a)
    call check_rank(a, 7, shape(x7), sum(x7))
    ! a section of a rank-7 array
    call nd_wrap(x7(1, :, 2, 1, :, 2:3, 2), a)
    call check_rank(a, 3, shape(x7(1, :, 2, 1, :, 2:3, 2)), sum(x7(1, :, 2, 1, :, 2:3, 2)))
    call nd_free(a)
  end subroutine test_ranks

  subroutine check_rank(a, rank, shp, total)
    type(nd_array), intent(in) :: a
    integer, intent(in) :: rank, shp(:)
    real(c_double), intent(in) :: total
    type(nd_array) :: r
    character(len=16) :: what
    write(what, '(a, i0)') "rank ", rank
    call check(nd_ndim(a) == rank, trim(what) // " ndim")
    call check(all(nd_shape(a) == shp), trim(what) // " shape")
    call nd_reduce("sum", a, r)
    call check(near(nd_item(r), total, 1d-12), trim(what) // " sum")
    call nd_free(r)
  end subroutine check_rank

  subroutine test_operations()
    real(c_double), target :: m(3, 3), b(3, 2), v(3)
    real(c_double), allocatable :: p(:, :), xs(:, :), col(:)
    integer(c_int64_t), allocatable :: idx(:)
    type(nd_array) :: am, ab, av, r
    m = reshape([4, 1, 2, 1, 5, 3, 2, 3, 6], [3, 3])
    m(1, 2) = -1
    b = reshape([1, 2, 3, 4, 5, 6], [3, 2])
    v = [3, -1, 2]
    call nd_wrap(m, am)
    call nd_wrap(b, ab)
    call nd_wrap(v, av)
    call nd_matmul(am, ab, r)
    call nd_get(r, p)
    call check(all(abs(p - matmul(m, b)) < 1d-12), "matmul equals Fortran's")
    call nd_solve(am, ab, r)
    call nd_get(r, xs)
    call check(all(abs(matmul(m, xs) - b) < 1d-12), "solve: m x = b")
    call nd_solve(am, av, r)
    call nd_get(r, col)
    call check(all(abs(matmul(m, col) - v) < 1d-12), "solve with a vector")
    call nd_reduce("mean", am, r, dims=[1])
    call nd_get(r, col)
    call check(all(abs(col - sum(m, dim=1) / 3) < 1d-12), "column means")
    call nd_reduce("std", am, r, ddof=1)
    call check(near(nd_item(r), sqrt(sum((m - sum(m) / 9) ** 2) / 8), 1d-12), "std with ddof 1")
    call nd_reduce("argmin", am, r, dims=[2])
    call nd_get(r, idx)
    call check(all(idx + 1 == minloc(m, dim=2)), "argmin along dim 2 is minloc - 1")
    call nd_ufunc("maximum", am, av, r)  ! broadcasting (3, 3) with (3,): v runs along dim 2
    call nd_get(r, p)
    call check(all(p == max(m, spread(v, 1, 3))), "maximum broadcasts like NumPy")
    call nd_free(r)
    call nd_free(av)
    call nd_free(ab)
    call nd_free(am)
  end subroutine test_operations

  subroutine test_fft()
    integer, parameter :: n = 8
    real(c_double), parameter :: pi = acos(-1.0_c_double)
    real(c_double), target :: x(n, 2)
    complex(c_double_complex), allocatable :: f(:, :)
    real(c_double), allocatable :: back(:, :)
    complex(c_double_complex) :: acc
    type(nd_array) :: a, r, ri
    integer :: j, k, t
    forall (t = 1:n, j = 1:2) x(t, j) = sin(0.3_c_double * t * t) + j
    call nd_wrap(x, a)
    call nd_fft(a, r)  ! along dim 1, each column
    call nd_get(r, f)
    call check(all(shape(f) == [n, 2]), "fft shape")
    do j = 1, 2
      do k = 0, n - 1
        acc = 0
        do t = 0, n - 1
          acc = acc + x(t + 1, j) * exp(cmplx(0, -2 * pi * k * t / n, kind=c_double_complex))
        end do
        call check(abs(f(k + 1, j) - acc) < 1d-12, "fft equals the naive DFT")
      end do
    end do
    call nd_rfft(a, r, dim=1, norm="ortho")
    call check(all(nd_shape(r) == [int(n / 2 + 1, c_int64_t), 2_c_int64_t]), "rfft shape")
    call nd_irfft(r, ri, dim=1, n=n, norm="ortho")
    call nd_get(ri, back)
    call check(all(abs(back - x) < 1d-12), "irfft(rfft(x)) = x")
    call nd_fft(a, r, dim=2)
    call nd_get(r, f)
    call check(all(abs(f(:, 1) - (x(:, 1) + x(:, 2))) < 1d-12), "fft along dim 2: first bin is the sum")
    call nd_free(ri)
    call nd_free(r)
    call nd_free(a)
  end subroutine test_fft

  subroutine test_random()
    real(c_double), target :: x(2, 2)
    type(nd_rng) :: g
    type(nd_array) :: a
    integer :: st
    call nd_rng_pcg64(42_c_int64_t, g, st)
    call check(st == ND_OK, "rng")
    call nd_wrap(x, a)
    call nd_rng_random(g, a, st)
    call check(st == ND_OK, "random into a Fortran array")
    ! numpy.random.default_rng(42).random((2, 2)), C order
    call check(x(1, 1) == 0.7739560485559633_c_double .and. x(1, 2) == 0.4388784397520523_c_double .and. &
               x(2, 1) == 0.8585979199113825_c_double .and. x(2, 2) == 0.6973680290593639_c_double, &
               "NumPy's numbers, element by element")
    call nd_rng_standard_normal(g, a)
    call check(x(1, 1) == -1.9510351886538364_c_double, "NumPy's standard normal")
    call nd_rng_free(g)
    call nd_rng_free(g)
    call nd_free(a)
  end subroutine test_random

  subroutine test_errors()
    real(c_double), target :: x(3, 2), y(4)
    character(len=4), target :: text(2)
    real(c_double), allocatable :: wrong_rank(:)
    real(c_double), target :: sing(2, 2)
    type(nd_array) :: a, b, r
    integer :: st
    x = 1
    y = 2
    call nd_wrap(x, a)
    call nd_wrap(y, b)
    call nd_ufunc("frobnicate", a, r, status=st)
    call check(st == ND_ERR_VALUE, "unknown ufunc is a value error")
    call check(index(nd_last_error(), "frobnicate") > 0, "message names the ufunc")
    call check(.not. c_associated(r%ptr), "no result on error")
    call nd_ufunc("add", a, b, r, status=st)
    call check(st == ND_ERR_SHAPE, "shapes that do not broadcast")
    call check(index(nd_last_error(), "(3, 2) and (4,)") > 0, "message names both shapes")
    call nd_reduce("sum", a, r, dims=[3], status=st)
    call check(st == ND_ERR_AXIS, "dimension 3 of a rank-2 array")
    call nd_reduce("median", a, r, status=st)
    call check(st == ND_ERR_VALUE, "unknown reduction")
    call nd_ufunc("sqrt", a, r)
    call nd_get(r, wrong_rank, st)
    call check(st == ND_ERR_SHAPE, "receiving into the wrong rank")
    call check(index(nd_last_error(), "rank 2") > 0, "message names the ranks")
    sing = reshape([1, 2, 2, 4], [2, 2])
    call nd_wrap(sing, b)
    call nd_solve(b, b, r, st)
    call check(st == ND_ERR_LINALG, "singular matrix")
    call nd_fft(a, r, dim=1, norm="sideways", status=st)
    call check(st == ND_ERR_VALUE, "bad norm")
    call nd_wrap(text, b, st)
    call check(st == ND_ERR_TYPE, "a character array has no dtype")
    call nd_ufunc("add", a, nd_array(), r, status=st)
    call check(st == ND_ERR_NULL_POINTER, "a null handle")
    call nd_free(r)
    call nd_free(b)
    call nd_free(a)
  end subroutine test_errors

end program test_nd
