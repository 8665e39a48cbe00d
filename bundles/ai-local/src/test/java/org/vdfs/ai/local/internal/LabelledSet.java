package org.vdfs.ai.local.internal;

import java.util.List;

/** Short texts written for the zero-shot test, each with the one label of four that fits. */
public final class LabelledSet {

    public static final List<String> LABELS = List.of("sports", "cooking", "technology", "finance");

    public static final List<String[]> EXAMPLES = List.of(
            new String[] {"The striker scored twice in the second half and the home side won 3-1.", "sports"},
            new String[] {"She finished the marathon in under three hours on her first attempt.", "sports"},
            new String[] {"The tennis final went to five sets before the champion served it out.", "sports"},
            new String[] {"Our team trains at the pool every morning before the swimming season.", "sports"},
            new String[] {"The coach benched two players after they missed practice before the playoffs.", "sports"},
            new String[] {"He hit a home run in the ninth inning to win the baseball game.", "sports"},
            new String[] {"Simmer the onions in butter until golden, then add the garlic.", "cooking"},
            new String[] {"Knead the dough for ten minutes and let it rise for an hour.", "cooking"},
            new String[] {"Season the steak with salt and pepper and sear it in a hot pan.", "cooking"},
            new String[] {"Whisk the eggs with sugar, fold in the flour and bake at 180 degrees.", "cooking"},
            new String[] {"This soup tastes better with fresh basil and a splash of lemon juice.", "cooking"},
            new String[] {"Marinate the chicken overnight in yogurt and spices before grilling.", "cooking"},
            new String[] {"The new phone has a faster processor and more memory than last year's model.", "technology"},
            new String[] {"Update the operating system to patch the security vulnerability.", "technology"},
            new String[] {"The startup released an open-source database written in Rust.", "technology"},
            new String[] {"Our laptop keeps crashing after installing the latest graphics driver.", "technology"},
            new String[] {"Engineers trained a neural network on the cloud cluster's GPUs.", "technology"},
            new String[] {"The browser now supports WebAssembly threads and faster JavaScript.", "technology"},
            new String[] {"The company's quarterly earnings beat analysts' expectations and the shares rose.", "finance"},
            new String[] {"Mortgage rates climbed after the central bank raised interest rates.", "finance"},
            new String[] {"Diversify your portfolio with index funds and government bonds.", "finance"},
            new String[] {"The bank approved the loan once we showed two years of tax returns.", "finance"},
            new String[] {"Inflation eroded savings while the stock market fell for a third week.", "finance"},
            new String[] {"Set aside part of every paycheck for a retirement account.", "finance"});

    private LabelledSet() {
    }
}
