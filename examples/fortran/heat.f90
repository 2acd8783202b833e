! nd from Fortran: a periodic 1-D heat equation solved with explicit finite differences
! (FTCS) in plain Fortran, with its arrays handed to nd -- without copying -- for the
! FFT and the reductions that check the solution.
!
! u_t = alpha u_xx on [0, 1), periodic. FTCS multiplies Fourier mode k by
! g_k = 1 - 4 r sin^2(pi k / n) per step (r = alpha dt / dx^2), so after `steps` steps
! mode k has amplitude a_k g_k^steps, and the total heat (the sum) is unchanged.
!
! Build: gfortran heat.f90 -I<prefix>/include/nd/fortran -lnd_fortran -lnd_capi, or CMake:
! target_link_libraries(app PRIVATE nd::fortran).
program heat
  use, intrinsic :: iso_c_binding
  use nd
  implicit none
  integer, parameter :: n = 64, steps = 200
  real(c_double), parameter :: pi = acos(-1.0_c_double), r = 0.25_c_double
  real(c_double), target :: u(n)
  real(c_double) :: unew(n), total, hottest, g1, g3
  complex(c_double_complex), allocatable :: modes(:)
  type(nd_array) :: nu, res, spec
  integer :: i, step, status
  logical :: ok

  do i = 1, n
    u(i) = 1 + sin(2 * pi * (i - 1) / n) + 0.5_c_double * sin(6 * pi * (i - 1) / n)
  end do

  ! nu views u: nd sees every step the Fortran loop makes, no copy is ever taken.
  call nd_wrap(u, nu, status)
  if (status /= ND_OK) error stop "nd_wrap failed"

  do step = 1, steps
    unew = u + r * (cshift(u, 1) - 2 * u + cshift(u, -1))
    u = unew
  end do

  call nd_reduce("sum", nu, res)
  total = nd_item(res)
  call nd_reduce("max", nu, res)
  hottest = nd_item(res)
  call nd_rfft(nu, spec)   ! along dimension 1; a complex(8) result of n/2 + 1 modes
  call nd_get(spec, modes)

  g1 = (1 - 4 * r * sin(pi * 1 / n) ** 2) ** steps
  g3 = (1 - 4 * r * sin(pi * 3 / n) ** 2) ** steps
  print '(a, f12.8, a, i0, a)', "total heat      ", total, "  (initially ", n, ")"
  print '(a, f12.8)', "hottest point   ", hottest
  print '(a, f12.8, a, f12.8)', "mode 1 amplitude", abs(modes(2)) / (n / 2), "  theory ", g1
  print '(a, f12.8, a, f12.8)', "mode 3 amplitude", abs(modes(4)) / (n / 2), "  theory ", 0.5_c_double * g3

  ! Errors come back as a status with a message.
  call nd_reduce("median", nu, res, status=status)
  print '(a, i0, a, a)', "unknown reduction -> status ", status, ": ", nd_last_error()

  ok = abs(total - n) < 1d-9 .and. abs(abs(modes(2)) / (n / 2) - g1) < 1d-12 .and. &
       abs(abs(modes(4)) / (n / 2) - 0.5_c_double * g3) < 1d-12 .and. status == ND_ERR_VALUE
  call nd_free(spec)
  call nd_free(res)
  call nd_free(nu)   ! before u goes away
  deallocate(modes)
  if (.not. ok) then
    print '(a)', "heat FAILED"
    error stop 1
  end if
  print '(a)', "heat ok"
end program heat
