// The C floor of benchmark case (a): the seed model forward (LSTM(128) → LSTM(64) → Dense(10) on
// x [1, 10, 100]) through the same CKernels calls the engine makes, without Swift, so that the
// engine's overhead can be read off (`wm nn bench --cases a` minus this). Not part of the build.
//
//   clang -O2 -I Sources/CKernels/include -I Sources/CKernels scripts/probes/seed_floor.c \
//         Sources/CKernels/*.c -lm -lpthread -o /tmp/seed_floor
//   /tmp/seed_floor 0   # one thread, whole model (projections, steps, Dense)
//   /tmp/seed_floor 1   # one thread, the recurrent steps only (GEMV + fused cell)
//   /tmp/seed_floor 2   # both LSTM layers through ck_lstm_split_run (two cores)
//   /tmp/seed_floor 3   # both LSTM layers as one ck_lstm_split_stack job (two cores), what
//                       # Sequential runs for a batch of one
// Prints the best and the median of 200 samples of 100 forwards each; mode 2 also checks that
// its first output equals mode 0's (run mode 0 first: they write /tmp/seed_floor_y0, _y2, _y3; cmp them) and counts
// the layer calls that fell back to one thread (worker late: the other core was busy).
// C floor of the seed model forward: same kernels, no Swift.
#include "CKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static float *rnd(long n,float s){float*p=aligned_alloc(64,((n*4+63)/64)*64);for(long i=0;i<n;i++)p[i]=((rand()/(float)RAND_MAX)*2-1)*s;return p;}
static float *lastw;
static float *packed(long k,long n,float s){float*w=rnd(k*n,s);lastw=w;float*p=aligned_alloc(64,ck_packed_b_count(k,n)*4);ck_pack_b(0,k,n,w,n,p);return p;}
static float *perm(const float*w,long k,long H){long n=4*H,hp=H/2;float*o=aligned_alloc(64,k*n*4);
 for(long r=0;r<k;r++)for(int p=0;p<2;p++)for(int g=0;g<4;g++)for(long j=0;j<hp;j++)o[r*n+p*2*H+g*hp+j]=w[r*n+g*H+p*hp+j];return o;}
static float *packperm(const float*w,long k,long H){float*o=perm(w,k,H);float*pk=aligned_alloc(64,ck_packed_b_count(k,4*H)*4);ck_pack_b(0,k,4*H,o,4*H,pk);return pk;}
int main(int argc,char**argv){
  ck_path P=ck_best_path(); int T=10,F=100,H1=128,H2=64,U=10;
  float *x=rnd(T*F,1);float*wx1=packed(F,4*H1,.1f);float*rx1=lastw;float*wh1=packed(H1,4*H1,.1f);float*rh1=lastw;float *bx1=rnd(4*H1,.1f),*bh1=rnd(4*H1,.1f);
  float *wx2=packed(H1,4*H2,.1f);float*rx2=lastw;float*wh2=packed(H2,4*H2,.1f);float*rh2=lastw;float *bx2=rnd(4*H2,.1f),*bh2=rnd(4*H2,.1f);
  float *wd=rnd(H2*U,.1f),*bd=rnd(U,.1f);
  float *p1=rnd(T*4*H1,0),*p2=rnd(T*4*H2,0),*o1=rnd(T*H1,0),*o2=rnd(T*H2,0),*y=rnd(T*U,0),*h1=rnd(H1,0),*c1=rnd(H1,0),*h2=rnd(H2,0),*c2=rnd(H2,0);
  int mode = argc>1? atoi(argv[1]):0;
  float *sx1=packperm(rx1,F,H1),*sh1=packperm(rh1,H1,H1),*sbx1=perm(bx1,1,H1),*sbh1=perm(bh1,1,H1);
  float *sx2=packperm(rx2,H1,H2),*sh2=packperm(rh2,H2,H2),*sbx2=perm(bx2,1,H2),*sbh2=perm(bh2,1,H2);
  long fb=0;
  double best=1e9, samples[200]; int ns=0;
  for(int rep=0;rep<200;rep++){ double t0=now();
   for(int it=0;it<100;it++){
    memset(h1,0,H1*4);memset(c1,0,H1*4);memset(h2,0,H2*4);memset(c2,0,H2*4);
    if(mode==3){ ck_lstm_split_layer L[2]={{F,H1,sx1,sh1,sbx1,sbh1,h1,c1,p1,o1,H1},{H1,H2,sx2,sh2,sbx2,sbh2,h2,c2,p2,o2,H2}};
      ck_lstm_split_stack(P,T,x,F,2,L,1);
      for(int r=0;r<T;r++)memcpy(y+r*U,bd,U*4); ck_sgemm(P,0,0,T,U,H2,1,o2,H2,wd,U,1,y,U); continue; }
    if(mode==2){ for(int r=0;r<T;r++)memcpy(p1+r*4*H1,sbx1,4*H1*4);
      if(!ck_lstm_split_run(P,T,F,H1,x,F,sx1,sh1,sbh1,h1,c1,p1,o1,H1)) {fb++; goto serial;}
      for(int r=0;r<T;r++)memcpy(p2+r*4*H2,sbx2,4*H2*4);
      if(!ck_lstm_split_run(P,T,H1,H2,o1,H1,sx2,sh2,sbh2,h2,c2,p2,o2,H2)) {fb++; memset(h1,0,H1*4);memset(c1,0,H1*4);memset(h2,0,H2*4);memset(c2,0,H2*4); goto serial;}
      for(int r=0;r<T;r++)memcpy(y+r*U,bd,U*4); ck_sgemm(P,0,0,T,U,H2,1,o2,H2,wd,U,1,y,U); continue; }
    serial: memset(h1,0,H1*4);memset(c1,0,H1*4);
    if(mode!=1){ for(int r=0;r<T;r++)memcpy(p1+r*4*H1,bx1,4*H1*4);
    ck_sgemm_packed(P,0,T,4*H1,F,1,x,F,wx1,1,p1,4*H1);}
    for(int t=0;t<T;t++){ ck_sgemm_packed(P,0,1,4*H1,H1,1,h1,H1,wh1,1,p1+t*4*H1,4*H1);
      ck_lstm_cell(P,1,H1,p1+t*4*H1,4*H1,bh1,c1,H1,h1,H1); memcpy(o1+t*H1,h1,H1*4);}
    if(mode!=1){for(int r=0;r<T;r++)memcpy(p2+r*4*H2,bx2,4*H2*4);
    ck_sgemm_packed(P,0,T,4*H2,H1,1,o1,H1,wx2,1,p2,4*H2);}
    for(int t=0;t<T;t++){ ck_sgemm_packed(P,0,1,4*H2,H2,1,h2,H2,wh2,1,p2+t*4*H2,4*H2);
      ck_lstm_cell(P,1,H2,p2+t*4*H2,4*H2,bh2,c2,H2,h2,H2); memcpy(o2+t*H2,h2,H2*4);}
    if(mode!=1){for(int r=0;r<T;r++)memcpy(y+r*U,bd,U*4);
    ck_sgemm(P,0,0,T,U,H2,1,o2,H2,wd,U,1,y,U);}
   }
   if(rep==0){FILE*f=fopen(mode==3?"/tmp/seed_floor_y3":mode==2?"/tmp/seed_floor_y2":"/tmp/seed_floor_y0","wb");fwrite(y,4,T*U,f);fwrite(o1,4,T*H1,f);fclose(f);}
   double dt=(now()-t0)/100*1e6; samples[ns++]=dt; if(dt<best)best=dt;}
  // median
  for(int i=0;i<ns;i++)for(int j=i+1;j<ns;j++)if(samples[j]<samples[i]){double t=samples[i];samples[i]=samples[j];samples[j]=t;}

  printf("fallback layer calls %ld of %d\n",fb,2*200*100);
  printf("C floor seed forward (mode %d): best %.2f us median %.2f us\n",mode,best,samples[ns/2]);
}
