# Regenerates wilcox-r.tsv, the expected values of Blastwall's Wilcoxon rank-sum implementation
# (io.blastwall.core.canary.RankSum), from R's own wilcox.test(x, y, conf.int = TRUE).
#
#   apt-get install -y --no-install-recommends r-base-core
#   cd blastwall-core/src/test/resources/canary && Rscript wilcox-r.R > wilcox-r.tsv
#
# One case per line, tab-separated: id, alternative, conf_level, x, y (comma-separated), then R's answer:
# method (exact | asymptotic), statistic W, p_value, estimate, conf_low, conf_high. Numbers are printed with
# 17 significant digits so that they read back as the very doubles R used. The data are seeded, so the file
# is the same on every run of the same R version.
set.seed(20261128)
cases <- list()
add <- function(id, x, y, alternative = "two.sided", conf.level = 0.95) {
  cases[[length(cases) + 1]] <<- list(id = id, x = x, y = y, alternative = alternative, conf.level = conf.level)
}

# small samples without ties: R uses the exact distribution
add("exact-small-unshifted", rnorm(8), rnorm(9))
add("exact-small-shifted", rnorm(10, 1.5), rnorm(12))
add("exact-small-less", rnorm(7), rnorm(11, 0.8), "less")
add("exact-small-greater", rnorm(12, 0.6), rnorm(10), "greater")
add("exact-conf-0.90", rnorm(15, 0.3), rnorm(14), conf.level = 0.90)
add("exact-conf-0.99", rnorm(15, 0.3), rnorm(14), conf.level = 0.99)
add("exact-conf-0.80-less", rnorm(9), rnorm(9), "less", 0.80)
add("exact-one-vs-many", 0.37, rnorm(10))
add("exact-tiny-2x3", c(1.5, 2.5), c(0.1, 1.7, 3.2))
add("exact-separated", rnorm(10, 10), rnorm(10))
add("exact-separated-greater", rnorm(6, 10), rnorm(5), "greater")
add("exact-49x49", rlnorm(49, 3), rlnorm(49, 3.1))
add("exact-49x30-greater", rlnorm(49, 3.2), rlnorm(30, 3), "greater", 0.99)
add("exact-negative-values", -rexp(20, 2), -rexp(25, 1))
add("exact-with-a-zero", c(0, rexp(9)), rexp(11))
add("exact-unequal-3x40", rnorm(3, 1), rnorm(40))

# ties: R switches to the normal approximation with tie and continuity correction
add("ties-r-help-example", c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
    c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
add("ties-rounded", round(rnorm(20, 0.5), 1), round(rnorm(20), 1))
add("ties-poisson", as.numeric(rpois(25, 4)), as.numeric(rpois(30, 3)))
add("ties-poisson-greater", as.numeric(rpois(30, 5)), as.numeric(rpois(30, 4)), "greater")
add("ties-poisson-less-0.9", as.numeric(rpois(15, 2)), as.numeric(rpois(18, 3)), "less", 0.90)
add("ties-heavy", as.numeric(sample(1:3, 40, TRUE)), as.numeric(sample(1:4, 35, TRUE)))
add("ties-across-samples-only", c(1, 2, 3, 4, 5), c(3, 4, 5, 6, 7, 8))

# zero values (error rates of quiet services)
add("zeros-baseline-all-zero", c(rep(0, 20), rep(0.01, 6), 0.02, 0.03, 0.015, 0.012), rep(0, 30), "greater")
add("zeros-mostly", c(rep(0, 15), round(rexp(15, 200), 4)), c(rep(0, 22), round(rexp(8, 200), 4)))
add("zeros-error-rate-doubled", rbinom(60, 1000, 0.02) / 1000, rbinom(60, 1000, 0.01) / 1000, "greater", 0.98)
add("zeros-error-rate-equal", rbinom(40, 500, 0.01) / 500, rbinom(45, 500, 0.01) / 500)

# large samples: the normal approximation even without ties
add("large-60x80-unshifted", rnorm(60), rnorm(80))
add("large-60x80-shifted", rnorm(60, 0.4), rnorm(80))
add("large-latency-plus-20pct", 1.2 * rlnorm(120, log(80), 0.15), rlnorm(120, log(80), 0.15), "greater", 0.98)
add("large-latency-equal", rlnorm(100, log(80), 0.2), rlnorm(110, log(80), 0.2), "greater", 0.98)
add("large-less-0.99", rnorm(200, -0.1), rnorm(150), "less", 0.99)
add("large-500x400", rgamma(500, 2, 0.05), rgamma(400, 2, 0.055), conf.level = 0.9)
add("large-separated", rnorm(60, 50), rnorm(55))
add("large-50x10", rnorm(50, 0.2), rnorm(10))
add("large-scale-tiny", rnorm(70, 0.002, 0.0005), rnorm(70, 0.0015, 0.0005))
add("large-scale-huge", rnorm(70, 3e6, 1e5), rnorm(75, 3.05e6, 1e5), "less")

# random sweep over sizes, shifts, alternatives and levels (with and without ties)
alts <- c("two.sided", "less", "greater")
levels <- c(0.8, 0.9, 0.95, 0.99)
for (i in 1:40) {
  nx <- sample(c(2:20, 45:55, 90), 1); ny <- sample(c(2:20, 45:55, 90), 1)
  shift <- sample(c(0, 0.3, 1, -0.5), 1)
  x <- rnorm(nx, shift); y <- rnorm(ny)
  if (i %% 3 == 0) { x <- round(x, 1); y <- round(y, 1) }
  add(sprintf("sweep-%02d", i), x, y, sample(alts, 1), sample(levels, 1))
}

num <- function(v) paste(sprintf("%.17g", v), collapse = ",")
cat("id\talternative\tconf_level\tx\ty\tmethod\tstatistic\tp_value\testimate\tconf_low\tconf_high\n")
for (c in cases) {
  r <- suppressWarnings(wilcox.test(c$x, c$y, alternative = c$alternative, conf.level = c$conf.level, conf.int = TRUE))
  method <- if (grepl("exact", r$method)) "exact" else "asymptotic"
  cat(c$id, c$alternative, num(c$conf.level), num(c$x), num(c$y), method, num(r$statistic), num(r$p.value),
      num(r$estimate), num(r$conf.int[1]), num(r$conf.int[2]), sep = "\t")
  cat("\n")
}
