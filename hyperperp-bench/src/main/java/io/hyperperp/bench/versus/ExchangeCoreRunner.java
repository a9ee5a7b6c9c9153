package io.hyperperp.bench.versus;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;
import io.hyperperp.core.engine.DepthLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * Times exchange-core on a converted stream the way its own {@code ITOrderBookBase.performanceTest}
 * does: a fresh {@link OrderBookDirectImpl} with the default test objects pool and no event pooling,
 * each command copied into one reused work command and passed to {@link IOrderBook#processCommand}.
 */
final class ExchangeCoreRunner {

    /** exchange-core's test futures symbol: scale 1, no fees (its {@code SYMBOLSPEC_EUR_USD}). */
    private static final CoreSymbolSpecification SYMBOL = CoreSymbolSpecification.builder()
            .symbolId(5_991)
            .type(SymbolType.FUTURES_CONTRACT)
            .baseCurrency(978)
            .quoteCurrency(840)
            .baseScaleK(1)
            .quoteScaleK(1)
            .takerFee(0)
            .makerFee(0)
            .marginBuy(2_200)
            .marginSell(3_210)
            .build();

    private ExchangeCoreRunner() {
    }

    static IOrderBook newBook() {
        return new OrderBookDirectImpl(SYMBOL, ObjectsPool.createDefaultTestPool(),
                OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER, LoggingConfiguration.DEFAULT);
    }

    /** Runs every command on a fresh book, timed; then validates the book and reads its levels (untimed). */
    static Run run(ExchangeCoreStream stream) {
        IOrderBook book = newBook();
        OrderCommand work = new OrderCommand();
        long cpuStart = ThreadCpu.now();
        long start = System.nanoTime();
        for (OrderCommand command : stream.commands()) {
            command.writeTo(work);
            work.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
            IOrderBook.processCommand(book, work);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ThreadCpu.now() - cpuStart;
        return new Run(elapsed, cpu, book(book, stream));
    }

    /** Validates {@code book} and reads its levels in HyperPerp's units. */
    static FinalBook book(IOrderBook book, ExchangeCoreStream stream) {
        book.validateInternalState();
        L2MarketData l2 = book.getL2MarketDataSnapshot(Integer.MAX_VALUE);
        return new FinalBook(levels(l2.bidPrices, l2.bidVolumes, l2.bidOrders, l2.bidSize, stream),
                levels(l2.askPrices, l2.askVolumes, l2.askOrders, l2.askSize, stream));
    }

    private static List<DepthLevel> levels(long[] prices, long[] volumes, long[] orders, int count,
                                           ExchangeCoreStream stream) {
        List<DepthLevel> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new DepthLevel(prices[i] * stream.priceUnit(), volumes[i] * stream.sizeUnit(),
                    Math.toIntExact(orders[i])));
        }
        return out;
    }

    /** One timed run: elapsed and thread CPU nanoseconds, and the book it left. */
    record Run(long elapsedNanos, long cpuNanos, FinalBook book) {
    }
}
