package org.zfnet.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.zfnet.api.analysis.AnalysisResult;
import org.zfnet.api.analysis.Figure;
import org.zfnet.backend.nd4j.Nd4jRuntime;

/** What the command line frees once it has written a result: the result's arrays and figures, each once. */
class ResultClosingTest {

    static {
        Nd4jRuntime.start("cpu", Nd4jRuntime.CPU_BACKEND);
    }

    @Test
    void closingAResultFreesItsArraysAndFiguresOnceAndKeepsItsNames() {
        INDArray map = Nd4j.rand(DataType.FLOAT, 3, 8, 8);
        INDArray heat = Nd4j.rand(DataType.FLOAT, 8, 8);
        INDArray outside = Nd4j.rand(DataType.FLOAT, 4, 8, 8);
        INDArray view = outside.get(NDArrayIndex.interval(0, 3));
        AnalysisResult result = new AnalysisResult().array("map", map).array("heat", heat)
                .figure("map", new Figure(Figure.Kind.SIGNED, map, "the same array as an .npy and a figure"))
                .figure("heat", new Figure(Figure.Kind.HEATMAP, heat, "heat"))
                .figure("part", new Figure(Figure.Kind.RGB, view, "a view of an array the result does not hold"))
                .summary("k", 1);
        result.close();
        assertTrue(map.wasClosed() && heat.wasClosed(), "the arrays are freed");
        assertFalse(outside.wasClosed(), "a view's array is its owner's");
        assertEquals(3, view.size(0), "and stays readable");
        assertEquals(List.of("map", "heat", "part"), List.copyOf(result.figures().keySet()));
        assertEquals(1, result.summary().get("k"));
        result.close(); // again: nothing left to free, no failure
    }
}
