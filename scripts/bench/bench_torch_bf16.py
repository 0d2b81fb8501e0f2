"""PyTorch training step of the task-shaped LSTM models in fp32 and under bf16 autocast (CPU).

Reference numbers only (not a test): shows how much PyTorch gains from torch.autocast("cpu",
dtype=torch.bfloat16) on this CPU, for the README/notes. Usage:
    $PYTHON scripts/bench/bench_torch_bf16.py
Prints ms per step (best of 3 x 30 steps) for LSTM 128 (T=30, n-back shape) and LSTM 256
(T=41, copy shape), batch 64, Adam, clip 1.0, 2 threads.
"""
import torch, time
torch.set_num_threads(2)
for H,T,F in [(128,30,8),(256,41,9)]:
  m = torch.nn.LSTM(F,H,batch_first=False); d=torch.nn.Linear(H,1)
  opt=torch.optim.Adam(list(m.parameters())+list(d.parameters()),lr=3e-3)
  x=torch.randn(T,64,F); y=(torch.rand(T,64,1)>0.5).float()
  for mode in ["fp32","bf16"]:
    def step():
      opt.zero_grad()
      with torch.autocast("cpu",dtype=torch.bfloat16,enabled=(mode=="bf16")):
        o,_=m(x); p=d(o)
      loss=torch.nn.functional.binary_cross_entropy_with_logits(p.float(),y)
      loss.backward(); torch.nn.utils.clip_grad_norm_(list(m.parameters())+list(d.parameters()),1.0); opt.step()
    for _ in range(5): step()
    best=1e9
    for r in range(3):
      t=time.perf_counter()
      for _ in range(30): step()
      best=min(best,(time.perf_counter()-t)/30*1000)
    print(H,T,mode,"%.2f ms/step"%best)
