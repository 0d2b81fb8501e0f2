// Peak FMA rate of one core: 12 independent AVX-512 fp32 FMA chains (and bf16 vdpbf16ps chains),
// registers only. Build: clang -O2 scripts/probes/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
// (run two at once to check both cores: (/tmp/fma_peak & /tmp/fma_peak; wait)).
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
__attribute__((target("avx512f"))) double fma32(long n){
 __m512 a[12]; __m512 b=_mm512_set1_ps(1.0001f), c=_mm512_set1_ps(0.9999f);
 for(int i=0;i<12;i++) a[i]=_mm512_set1_ps(i);
 double t=now();
 for(long k=0;k<n;k++){
#pragma GCC unroll 12
  for(int i=0;i<12;i++) a[i]=_mm512_fmadd_ps(a[i],b,c);
 }
 t=now()-t; float s=0; for(int i=0;i<12;i++) s+=_mm512_reduce_add_ps(a[i]); if(s==1234.5f)printf("x");
 return n*12.0*32/t/1e9;}
__attribute__((target("avx512f,avx512bf16"))) double bf(long n){
 __m512 a[12]; __m512bh b=(__m512bh)_mm512_set1_epi16(0x3f80), c=(__m512bh)_mm512_set1_epi16(0x3f80);
 for(int i=0;i<12;i++) a[i]=_mm512_set1_ps(i);
 double t=now();
 for(long k=0;k<n;k++){
#pragma GCC unroll 12
  for(int i=0;i<12;i++) a[i]=_mm512_dpbf16_ps(a[i],b,c);
 }
 t=now()-t; float s=0; for(int i=0;i<12;i++) s+=_mm512_reduce_add_ps(a[i]); if(s==1234.5f)printf("x");
 return n*12.0*64/t/1e9;}
int main(){ for(int r=0;r<3;r++) printf("fp32 FMA %.1f GFLOP/s/core   bf16 dp %.1f GFLOP/s/core\n", fma32(200000000), bf(200000000)); }
