// lemon solves a DIMACS minimum-cost flow file with LEMON's NetworkSimplex
// (block search, its default pivot rule, and its default arc mixing) and
// prints one line of JSON, the same fields as `plannerbench -solve`: the
// status, the optimal cost, the best wall-clock and CPU seconds of the
// solves (reading the file not included), and the peak resident memory of
// the process.
//
// bench/plannerbench builds it: g++ -O3 -DNDEBUG -o lemon lemon.cpp
// (NetworkSimplex is header-only; Debian's liblemon-dev has the headers).
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

using namespace lemon;

// 64-bit flows and costs, as the Go solver uses.
typedef long long Number;
typedef NetworkSimplex<SmartDigraph, Number, Number> Simplex;

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: lemon FILE.min [repeats]\n";
    return 2;
  }
  int repeats = argc > 2 ? std::atoi(argv[2]) : 1;
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "lemon: cannot open " << argv[1] << "\n";
    return 1;
  }
  SmartDigraph g;
  SmartDigraph::ArcMap<Number> lower(g), cap(g), cost(g);
  SmartDigraph::NodeMap<Number> supply(g);
  readDimacsMin(in, g, lower, cap, cost, supply);

  double bestWall = 1e100, bestCPU = 1e100;
  Number total = 0;
  const char *status = "";
  for (int r = 0; r < repeats; r++) {
    std::clock_t c0 = std::clock();
    auto w0 = std::chrono::steady_clock::now();
    Simplex ns(g);
    ns.upperMap(cap).costMap(cost).supplyMap(supply);
    Simplex::ProblemType res = ns.run();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
    double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
    if (wall < bestWall) bestWall = wall;
    if (cpu < bestCPU) bestCPU = cpu;
    switch (res) {
    case Simplex::OPTIMAL:
      status = "optimal";
      total = ns.totalCost();
      break;
    case Simplex::INFEASIBLE:
      status = "infeasible";
      break;
    case Simplex::UNBOUNDED:
      status = "unbounded";
      break;
    }
  }
  // Peak resident memory: VmHWM, which starts afresh at exec (getrusage's
  // ru_maxrss is carried over from the forking parent on Linux).
  long hwm = 0;
  std::ifstream proc("/proc/self/status");
  for (std::string line; std::getline(proc, line);) {
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::atol(line.c_str() + 6);
  }
  std::cout << "{\"status\":\"" << status << "\",\"cost\":" << total
            << ",\"wallSeconds\":" << bestWall << ",\"cpuSeconds\":" << bestCPU
            << ",\"nodes\":" << countNodes(g) << ",\"arcs\":" << countArcs(g)
            << ",\"maxRSSKiB\":" << hwm << "}\n";
  return 0;
}
