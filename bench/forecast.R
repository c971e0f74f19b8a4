# Reference forecasts for bench/forecast.ts, from R's forecast package.
# Usage: Rscript bench/forecast.R IN.csv ORIGINS.csv OUT.csv MODELS
#   IN.csv:      series,day,value   (day = 1-based day index, one row per day of every series)
#   ORIGINS.csv: series,cut,h       (fit on days 1..cut, forecast cut+1..cut+h)
#   MODELS:      comma-separated: snaive,ets,auto.arima,thetaf,stlf,croston
# Writes series,cut,model,step,mean,lo80,hi80,lo95,hi95 and prints each model's CPU seconds.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
o <- read.csv(args[2])
models <- strsplit(args[4], ",")[[1]]
out <- list()
cpu <- setNames(numeric(length(models)), models)
fit1 <- function(model, y, h) {
  switch(model,
    snaive = snaive(y, h = h, level = c(80, 95)),
    ets = forecast(ets(y), h = h, level = c(80, 95)),
    auto.arima = forecast(auto.arima(y), h = h, level = c(80, 95)),
    thetaf = thetaf(y, h = h, level = c(80, 95)),
    stlf = stlf(y, h = h, level = c(80, 95)),
    croston = croston(y, h = h))
}
for (i in seq_len(nrow(o))) {
  s <- o$series[i]; cut <- o$cut[i]; h <- o$h[i]
  v <- d$value[d$series == s]
  y <- ts(v[1:cut], frequency = 7)
  for (m in models) {
    t0 <- proc.time()
    f <- tryCatch(fit1(m, y, h), error = function(e) NULL)
    cpu[m] <- cpu[m] + sum((proc.time() - t0)[c(1, 2)])
    if (is.null(f)) next
    mean <- as.numeric(f$mean)
    if (!is.null(f$lower) && length(f$lower) > 0) {
      lo <- matrix(f$lower, nrow = h); hi <- matrix(f$upper, nrow = h)
      lo80 <- lo[, 1]; hi80 <- hi[, 1]; lo95 <- lo[, 2]; hi95 <- hi[, 2]
    } else {
      lo80 <- hi80 <- lo95 <- hi95 <- rep(NA, h)
    }
    out[[length(out) + 1]] <- data.frame(series = s, cut = cut, model = m, step = 1:h, mean = mean, lo80 = lo80, hi80 = hi80, lo95 = lo95, hi95 = hi95)
  }
}
write.csv(do.call(rbind, out), args[3], row.names = FALSE)
for (m in models) cat(sprintf("R cpu %s %.2f\n", m, cpu[m]))
